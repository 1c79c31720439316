/// Something that happened to an execution as its controller runs it: a fact the controller
/// read or was told (the store's slices, workers, the slicer, a slice's end, the result of an
/// action it performed), a request from the user, or time passing. Time comes with each event
/// (`ExecutionSchedule.handle(_:at:)`); the schedule reads no clock.
public enum ScheduleEvent: Sendable, Equatable {
    /// The controller read what the store holds of the execution's slices (`stored`: its
    /// slices by state, with the retries so far) and where its slicer stands.
    case opened(stored: SliceCounts, slicerFinished: Bool)
    /// The execution cannot run: it could not start, no worker could be used, the store
    /// could not requeue what was in flight.
    case unableToRun(reason: String)
    /// The workers are connected and their folders prepared, in the order they are used.
    case workersConnected([ScheduledWorker])
    /// The slicer made a batch (after `makeSlices`); `last`: it has nothing more to make.
    case slicesMade([SliceWork], last: Bool)
    /// The slicer had nothing more to make (after `makeSlices`).
    case slicerFinished
    /// The slicer could not go on (after `makeSlices`).
    case slicerFailed(reason: String)
    /// A page of stored pending slices (after `pageBacklog`); `through`: the last index read,
    /// nil when none was left.
    case backlogPaged([SliceWork], through: Int64?)
    /// An attempt ended on its worker (after `startSlice`).
    case sliceEnded(index: Int64, worker: String, attempt: Int, result: SliceResult)
    /// The slice's output was committed (after `commitOutput`).
    case outputCommitted(index: Int64)
    /// The slice's output could not be committed (after `commitOutput`).
    case commitFailed(index: Int64, reason: String)
    /// The outputs were finalized (after `finalizeOutputs`).
    case outputsFinalized
    /// The outputs could not be finalized (after `finalizeOutputs`).
    case finalizeFailed(reason: String)
    /// The user asked to pause.
    case pause
    /// The user asked to resume.
    case resume
    /// The user asked to stop; in-flight slices get `timeout` seconds after TERM before KILL.
    case stop(timeout: Double)
    /// The master is shutting down.
    case shutdown
    /// Time passed: sent when `nextDeadline` is reached (the KILL after a stop's timeout).
    case timePassed
}

/// A connected worker as the schedule sees it: its slots, the slices it runs, whether it was lost.
public struct ScheduledWorker: Sendable, Equatable {
    public var name: String
    public var slots: Int
    public var busy: Int
    public var lost: Bool

    public init(name: String, slots: Int, busy: Int = 0, lost: Bool = false) {
        self.name = name
        self.slots = slots
        self.busy = busy
        self.lost = lost
    }

    var isFree: Bool { !lost && busy < slots }
}
