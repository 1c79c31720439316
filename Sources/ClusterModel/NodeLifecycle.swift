/// Something that happened to a node.
public enum NodeEvent: Sendable, Equatable {
    /// The provider accepted the launch request.
    case launchAccepted
    /// The provider reported this state (already mapped to a neutral state).
    case providerReported(NodeState)
    /// The node answered SSH and authenticated us.
    case sshAnswered
    /// SSH failed for a reason that will not pass by waiting (wrong key, changed host key).
    case sshRefused(reason: String)
    /// SSH did not answer before the node's wait ran out.
    case sshTimedOut
    /// We asked the provider to terminate the node.
    case terminateRequested
    /// We asked the provider to stop the node.
    case stopRequested
}

/// What the caller should do after a transition.
public enum NodeAction: Sendable, Equatable {
    /// Nothing to do.
    case none
    /// Start probing SSH on the node.
    case probeSSH
    /// Record the failure and stop waiting on this node.
    case giveUp(reason: String)
    /// Forget the node: it is gone.
    case forget
}

/// The life of one node as an explicit state machine: events go in, a new state
/// and an action come out; no I/O happens here.
public struct NodeLifecycle: Sendable, Equatable {
    public private(set) var state: NodeState
    public private(set) var failure: String?

    public init(state: NodeState = .requested) {
        self.state = state
    }

    /// Applies an event and says what to do next. Events that make no sense in the
    /// current state (a late `pending` after `reachable`, say) leave the state alone.
    @discardableResult
    public mutating func handle(_ event: NodeEvent) -> NodeAction {
        switch (state, event) {
        case (.requested, .launchAccepted):
            state = .pending
            return .none

        case (_, .providerReported(let reported)):
            return apply(reported)

        case (.running, .sshAnswered), (.pending, .sshAnswered), (.reachable, .sshAnswered):
            state = .reachable
            return .none

        case (.running, .sshRefused(let reason)), (.pending, .sshRefused(let reason)),
            (.reachable, .sshRefused(let reason)):
            state = .failed
            failure = reason
            return .giveUp(reason: reason)

        case (.running, .sshTimedOut), (.pending, .sshTimedOut):
            state = .failed
            failure = "SSH did not answer in time"
            return .giveUp(reason: "SSH did not answer in time")

        case (let current, .terminateRequested) where !current.isFinal:
            state = .terminating
            return .none

        case (let current, .stopRequested) where current.isUp || current == .pending:
            state = .stopping
            return .none

        default:
            return .none
        }
    }

    private mutating func apply(_ reported: NodeState) -> NodeAction {
        switch (state, reported) {
        case (_, .terminated):
            state = .terminated
            return .forget
        case (.terminating, _):
            // Only `terminated` moves a terminating node on; anything else is a stale report.
            return .none
        case (.reachable, .running):
            // The provider says running; we already know more.
            return .none
        case (.requested, .running), (.pending, .running), (.stopped, .running), (.stopping, .running):
            state = .running
            return .probeSSH
        case (.failed, _):
            return .none
        case (_, .reachable):
            // Providers never report reachability; ignore a confused table.
            return .none
        default:
            state = reported
            return .none
        }
    }
}
