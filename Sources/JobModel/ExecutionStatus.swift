/// Where an execution is in its life, with Teraslice's names.
///
/// Statuses fall in three groups, and Teraslice's guards hold between them: an execution never
/// goes back from the active group to the initial one, and a terminal status never changes.
public enum ExecutionStatus: String, Codable, Sendable, CaseIterable {
    case pending
    case initializing
    case running
    case failing
    case paused
    case stopping
    case completed
    case stopped
    case failed
    case terminated

    /// The three groups a status belongs to.
    public enum Group: Int, Sendable, Comparable {
        case initial, active, terminal

        public static func < (lhs: Group, rhs: Group) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public var group: Group {
        switch self {
        case .pending, .initializing: return .initial
        case .running, .failing, .paused, .stopping: return .active
        case .completed, .stopped, .failed, .terminated: return .terminal
        }
    }

    public var isTerminal: Bool { group == .terminal }

    /// Whether Teraslice's guards let an execution move from `self` to `next`: never to the same
    /// status (that is a no-op), never out of a terminal one, never from active back to initial.
    public func canMove(to next: ExecutionStatus) -> Bool {
        guard next != self, !isTerminal else { return false }
        return next.group >= group
    }

    /// What the status means, as the history records it.
    public var meaning: String {
        switch self {
        case .pending: return "Execution accepted and queued."
        case .initializing: return "Connecting to the workers and preparing their folders."
        case .running: return "Slices are being made and run on the workers."
        case .failing: return "Some slices failed beyond their retries; the others go on."
        case .paused: return "Paused at user request: no new slices start; workers are held."
        case .stopping: return "Stopping at user request: in-flight slices are being ended."
        case .completed: return "Every slice completed."
        case .stopped: return "Stopped at user request."
        case .failed: return "The execution failed."
        case .terminated: return "The master shut down before the slicer finished."
        }
    }
}
