import Foundation

/// The scheduling state of one execution as a value: which slices are queued, which are in
/// flight on which worker, each worker's busy slots and whether it was lost, the stored slices
/// still to page in, whether new slices may start, and the KILL deadline after a stop's
/// timeout. Events go in (`ScheduleEvent`, with the time), actions come out
/// (`ScheduleAction`); no I/O happens here and no clock is read.
///
/// It feeds the execution's `ExecutionLifecycle` and each slice's `SliceLifecycle` and performs
/// every action they return: the scheduling ones itself (dispatch, hold, end what is in flight,
/// queue again), the others by returning them to the controller, which performs them in order
/// and reports their outcomes as events.
public struct ExecutionSchedule: Sendable {
    /// The execution's state machine, fed by the schedule alone.
    public internal(set) var life: ExecutionLifecycle
    /// The connected workers, in the order they are used.
    public internal(set) var workers: [ScheduledWorker] = []
    /// When the schedule needs `timePassed` next (the KILL after a stop's timeout); nil: never.
    public internal(set) var nextDeadline: Date?
    /// Stored pending slices with an index after this one are still to page in (a restart or a
    /// recovery); nil when none is left. The slicer makes new slices only after them.
    public internal(set) var backlogAfter: Int64?
    var queue = SliceQueue()
    var inFlight: [Int64: FlightSlice] = [:]
    /// A `pageBacklog` is outstanding: no second one until its page arrives.
    var paging = false
    /// The lifecycle asked for slices while stored ones were left: the next page answers it.
    var slicesAsked = false
    /// New slices may start (false once the lifecycle holds dispatch: paused, stopping, failing early).
    var dispatching = true
    var staging = StagingTally()
    /// Retries a slice is allowed after its first attempt.
    let retries: Int

    /// A slice sent to a worker, with its life so far.
    struct FlightSlice: Sendable {
        var slice: QueuedSlice
        var worker: String
    }

    /// The schedule of an execution as stored: its status and slice counts.
    public init(status: ExecutionStatus, counts: SliceCounts, retries: Int, maxFailures: Int?, batchSize: Int, finalizesOutputs: Bool = false) {
        life = ExecutionLifecycle(status: status, counts: counts, maxFailures: maxFailures, lowWater: batchSize, finalizesOutputs: finalizesOutputs)
        self.retries = max(0, retries)
    }

    public var status: ExecutionStatus { life.status }

    /// Applies an event that happened at `now` and says what to do next, in order.
    public mutating func handle(_ event: ScheduleEvent, at now: Date) -> [ScheduleAction] {
        switch event {
        case .opened(let stored, let slicerFinished):
            backlogAfter = stored.queued + stored.inFlight > 0 ? -1 : nil
            guard life.status == .pending else {
                return drive(life.handle(.restarted(counts: stored, slicerFinished: slicerFinished)), at: now)
            }
            // A new execution, or a recovery whose slices were copied in as pending.
            life = ExecutionLifecycle(
                status: .pending, counts: stored, maxFailures: life.maxFailures, lowWater: life.lowWater, finalizesOutputs: life.finalizesOutputs)
            return drive(life.handle(.start), at: now)

        case .unableToRun(let reason):
            return drive(life.handle(.workersUnavailable(reason: reason)), at: now)

        case .workersConnected(let connected):
            workers = connected
            return drive(life.handle(.workersReady(count: connected.count)), at: now)

        case .slicesMade(let made, let last):
            enqueue(made)
            let actions = drive(life.handle(.slicesMade(count: made.count)), at: now)
            return last ? actions + drive(life.handle(.slicerFinished), at: now) : actions

        case .slicerFinished:
            return drive(life.handle(.slicerFinished), at: now)

        case .slicerFailed(let reason):
            return drive(life.handle(.slicerFailed(reason: reason)), at: now)

        case .backlogPaged(let page, let through):
            paging = false
            backlogAfter = through
            enqueue(page)
            guard slicesAsked else { return dispatch(at: now) }
            slicesAsked = false
            // Stored slices are counted as queued already: the batch asked for adds none.
            return drive(life.handle(.slicesMade(count: 0)), at: now)

        case .sliceEnded(let index, let worker, let attempt, let result):
            guard !life.status.isTerminal else { return [] }
            return sliceEnded(index, worker: worker, attempt: attempt, result: result, at: now)

        case .outputCommitted(let index):
            guard !life.status.isTerminal else { return [] }
            return commitEnded(index, .committed, at: now)

        case .commitFailed(let index, let reason):
            guard !life.status.isTerminal else { return [] }
            return commitEnded(index, .commitFailed(reason: reason), at: now)

        case .outputsFinalized:
            return drive(life.handle(.outputsFinalized), at: now)

        case .finalizeFailed(let reason):
            return drive(life.handle(.finalizeFailed(reason: reason)), at: now)

        case .pause:
            let actions = drive(life.handle(.pause), at: now)
            if case .refuse? = actions.first { return actions }
            // Once the pause is answered, no slice may start on any node.
            let sent = sentSlices
            return sent.isEmpty ? actions : actions + [.awaitStarts(sent)]

        case .resume:
            return drive(life.handle(.resume), at: now)

        case .stop(let timeout):
            return drive(life.handle(.stop(timeout: timeout)), at: now)

        case .shutdown:
            return drive(life.handle(.shutdown), at: now)

        case .timePassed:
            guard let deadline = nextDeadline, now >= deadline else { return [] }
            nextDeadline = nil
            let sent = sentSlices
            return sent.isEmpty ? [] : [.endSlices(sent, force: true)]
        }
    }

    /// Slices sent to a worker whose attempt has not ended, by index.
    var sentSlices: [Int64] {
        inFlight.compactMap { $0.value.slice.life.committing ? nil : $0.key }.sorted()
    }

    mutating func enqueue(_ slices: [SliceWork]) {
        for work in slices {
            staging.queue(work.inputBytes)
            queue.append(QueuedSlice(work, retries: retries))
        }
    }
}
