import JobModel

/// Which slices of a finished execution a cleanup-only recovery replays (Teraslice's
/// `cleanup_type`).
public enum RecoveryCleanup: String, Sendable, CaseIterable {
    case errors
    case pending
    case all

    /// The old execution's slice states it replays.
    public var states: [SliceState] {
        switch self {
        case .errors: return [.error]
        case .pending: return [.pending, .start]
        case .all: return [.pending, .start, .error]
        }
    }
}
