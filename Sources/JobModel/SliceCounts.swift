/// How many of an execution's slices are in each place, as the execution's state machine
/// counts them from the events it is sent.
public struct SliceCounts: Sendable, Equatable, Codable {
    /// Made by the slicer, not yet started (Teraslice's `pending`, the controller's `queued`).
    public var queued: Int = 0
    /// Running on a worker (Teraslice's `start`).
    public var inFlight: Int = 0
    /// Completed, output committed.
    public var completed: Int = 0
    /// Failed beyond their retries (Teraslice's `error`).
    public var failed: Int = 0
    /// Attempts that failed and were queued again.
    public var retried: Int = 0

    public init(queued: Int = 0, inFlight: Int = 0, completed: Int = 0, failed: Int = 0, retried: Int = 0) {
        self.queued = queued
        self.inFlight = inFlight
        self.completed = completed
        self.failed = failed
        self.retried = retried
    }

    /// Slices made so far.
    public var made: Int { queued + inFlight + completed + failed }
}
