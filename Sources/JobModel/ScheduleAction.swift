/// What the controller must do after a `ScheduleEvent`; it performs every action, in order,
/// and reports the outcome of those that have one as the event named.
public enum ScheduleAction: Sendable, Equatable {
    /// Store the new status and a history record at once (with the failure reason of a
    /// terminal status, when there is one).
    case record(status: ExecutionStatus, description: String, failureReason: String?)
    /// Add a history record for a notable event, under `status`.
    case note(status: ExecutionStatus, description: String, progress: Double?)
    /// Open one connection per worker and prepare the execution's folder on each; report
    /// `workersConnected` or `unableToRun`.
    case connectWorkers
    /// Ask the slicer for the next batch and store it; report `slicesMade`, `slicerFinished`
    /// or `slicerFailed`.
    case makeSlices
    /// Read the next page of slices stored pending with an index after `after`; report
    /// `backlogPaged`.
    case pageBacklog(after: Int64)
    /// Put the slices the store holds as in flight back to pending (a restarted master);
    /// report `unableToRun` if the store refuses.
    case requeueOrphans
    /// Start the slice's attempt on the worker; report `sliceEnded` when it ends.
    case startSlice(SliceInput, worker: String, attempt: Int)
    /// Store a slice's new state.
    case recordSlice(SliceUpdate)
    /// Send TERM (KILL when `force`) to these slices' process groups.
    case endSlices([Int64], force: Bool)
    /// Wait (a bounded while) until these slices, sent to their workers, have started there.
    case awaitStarts([Int64])
    /// Commit the attempt's output; report `outputCommitted` or `commitFailed`.
    case commitOutput(index: Int64, attempt: Int)
    /// Remove the attempt's output, which will not be committed.
    case discardOutput(index: Int64, attempt: Int)
    /// Remove the outputs' staging objects, and write the manifest when `completed`; report
    /// `outputsFinalized` or `finalizeFailed`.
    case finalizeOutputs(completed: Bool)
    /// Remove the execution's folder on these workers, then close every connection.
    case releaseWorkers(removingFoldersOn: [String])
    /// The execution is over; nothing more will happen to it.
    case finish(ExecutionStatus)
    /// A control request the current status forbids.
    case refuse(request: String, status: ExecutionStatus)
}

/// A slice's new state and what is known of its attempt, to store.
public struct SliceUpdate: Sendable, Equatable {
    public var index: Int64
    public var state: SliceState
    public var attempts: Int
    public var worker: String?
    public var exitCode: Int32?
    public var error: String?
    /// The last 4 KiB of the attempt's standard error.
    public var stderrTail: String?

    public init(index: Int64, state: SliceState, attempts: Int, worker: String?, exitCode: Int32? = nil, error: String? = nil, stderrTail: String? = nil) {
        self.index = index
        self.state = state
        self.attempts = attempts
        self.worker = worker
        self.exitCode = exitCode
        self.error = error
        self.stderrTail = stderrTail.map { String($0.suffix(4096)) }
    }
}
