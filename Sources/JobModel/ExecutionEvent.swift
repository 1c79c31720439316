/// Something that happened to an execution: a request from the user, or a fact reported by the
/// code that runs it (its schedule, from what the controller reports).
public enum ExecutionEvent: Sendable, Equatable {
    /// The controller took up a pending execution.
    case start
    /// Workers are connected and their folders prepared.
    case workersReady(count: Int)
    /// No worker could be used.
    case workersUnavailable(reason: String)
    /// The slicer made a batch of slices.
    case slicesMade(count: Int)
    /// The slicer has nothing more to make.
    case slicerFinished
    /// The slicer could not go on (an input vanished, a listing failed).
    case slicerFailed(reason: String)
    /// A queued slice was handed to a worker.
    case sliceStarted
    /// A slice completed and its output is committed.
    case sliceCompleted
    /// An attempt failed and the slice was queued again (on another worker where there is one).
    case sliceRetried(description: String)
    /// A slice failed beyond its retries.
    case sliceFailed(description: String)
    /// An in-flight slice was put back in the queue without using a retry (its worker was
    /// lost, or the execution is stopping).
    case sliceRequeued
    /// A worker stopped answering; its in-flight slices are requeued separately.
    case workerLost(worker: String, reason: String)
    /// Staging input data made progress (bytes sent so far, of a total when known).
    case staged(bytes: Int64, of: Int64?)
    /// The user asked to pause.
    case pause
    /// The user asked to resume.
    case resume
    /// The user asked to stop; in-flight slices get `timeout` seconds after TERM before KILL.
    case stop(timeout: Double)
    /// The master is shutting down while the execution is not terminal.
    case shutdown
    /// The outputs were finalized (after `finalizeOutputs`): the end it waited for is recorded.
    case outputsFinalized
    /// The outputs could not be finalized: a completing execution fails with `reason`; any
    /// other ends as it was ending.
    case finalizeFailed(reason: String)
    /// The master started again and found the execution in an active status: its in-flight
    /// slices did not survive and are counted as queued.
    case restarted(counts: SliceCounts, slicerFinished: Bool)
}
