/// What must be done after an execution event; `ExecutionSchedule` performs every action, in order.
public enum ExecutionAction: Sendable, Equatable {
    /// Store the new status and a history record in one transaction.
    case record(status: ExecutionStatus, description: String)
    /// Add a history record for a notable event, the status unchanged.
    case note(description: String, progress: Double?)
    /// Open one SSH connection per worker and prepare the execution's folder on each.
    case connectWorkers
    /// Ask the slicer for the next batch.
    case makeSlices
    /// Start queued slices on free slots.
    case dispatch
    /// Start no new slice until told to dispatch again.
    case holdDispatch
    /// Send TERM to every in-flight slice's process group, and KILL after `after` seconds.
    case endInFlight(after: Double)
    /// Put slices that were in flight when the master died back in the queue.
    case requeueOrphans
    /// Remove the outputs' staging objects, and write the manifest when `completed`; report
    /// `outputsFinalized` or `finalizeFailed`.
    case finalizeOutputs(completed: Bool)
    /// Close the workers' connections.
    case releaseWorkers
    /// The execution is over; nothing more will happen to it.
    case finish(ExecutionStatus)
    /// A control request the current status forbids (pause a completed execution, say).
    case refuse(request: String, status: ExecutionStatus)
}
