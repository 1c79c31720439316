import Foundation
import JobModel
import MasterModel
import JobStore

/// A control request from the user (through the API).
public enum ControlRequest: Sendable, Equatable {
    case pause
    case resume
    case stop(timeout: Double)
    /// The master is shutting down.
    case shutdown
}

/// The answer to a control request: the status after it, or a refusal naming the status that
/// forbids it.
public enum ControlReply: Sendable, Equatable {
    case done(ExecutionStatus)
    case refused(ExecutionStatus)
}

/// Runs one execution as the executor of its `ExecutionSchedule`: its thread takes one message
/// at a time from its mailbox (slice results and control requests, posted from other threads),
/// feeds the schedule, performs every action it returns (store writes, worker calls, output
/// segments) and feeds back their outcomes. It decides nothing about scheduling. Its state is
/// touched only by its own thread; changes reach the store in batched transactions
/// (`ExecutionJournal`), a status change at once.
public final class ExecutionController: @unchecked Sendable {
    public let exID: Int64
    let source: any WorkerSource
    let outputs: OutputFolder
    let segments: OutputSegments
    /// The master's directory: relative input paths are taken from it.
    let base: String
    let now: @Sendable () -> Date
    /// How many slices the slicer makes, and the store pages in, at a time.
    let batchSize: Int
    let journal: ExecutionJournal
    let record: Execution
    let spec: JobSpec
    /// The master's object store, reached when the spec uses S3.
    let objectStores: ObjectStoreSource

    enum Message: Sendable {
        case finished(index: Int64, worker: String, attempt: Int, result: SliceResult)
        case control(ControlRequest, ReplyBox)
    }

    let mailbox = Mailbox<Message>()
    /// What other threads may read of this execution, refreshed at every flush.
    let published = PublishedSnapshot()

    // The controller thread's own state.
    var schedule: ExecutionSchedule
    var slicer: (any Slicer)?
    /// The execution's S3 input and outputs, once opened (nil: it uses no S3).
    var s3: S3Places?
    var links: [any WorkerLink] = []
    /// The slices started on a worker whose end has not arrived, by index.
    var handles: [Int64: any SliceHandle] = [:]
    /// The outputs of the attempts in flight, by index, until committed or discarded.
    var attemptOutputs: [Int64: SliceOutput] = [:]
    /// Places of outputs appended to a segment, by index, until their completion is recorded.
    var committedPlaces: [Int64: OutputPlace] = [:]
    /// The execution is over (or its store cannot be written): the thread ends.
    var done = false

    public init(
        exID: Int64, store: ExecutionStore, source: any WorkerSource, outputRoot: String, batchSize: Int = 1000,
        flushDelay: TimeInterval = 0.05, base: String = FileManager.default.currentDirectoryPath,
        objectStores: ObjectStoreSource = .none, now: @escaping @Sendable () -> Date = { Date() }
    ) throws {
        self.objectStores = objectStores
        self.exID = exID
        self.base = base
        self.source = source
        self.outputs = OutputFolder(root: outputRoot, exID: exID)
        segments = OutputSegments(folder: outputs)
        self.batchSize = max(1, batchSize)
        self.now = now
        journal = ExecutionJournal(store: store, exID: exID, flushDelay: flushDelay)
        record = try journal.execution()
        spec = try JSONDecoder().decode(JobSpec.self, from: Data(record.spec.utf8))
        var finalizes = false
        if case .s3 = spec.output { finalizes = true }
        schedule = ExecutionSchedule(
            status: record.status, counts: record.counts, retries: spec.retries, maxFailures: spec.maxFailures, batchSize: self.batchSize,
            finalizesOutputs: finalizes)
    }

    /// The controller's thread body: returns once the execution is terminal.
    public func run() {
        feed(open())
        while !done {
            let deadline = [journal.flushBy, schedule.nextDeadline].compactMap { $0 }.min()
            if let message = mailbox.take(until: deadline) {
                handle(message)
            }
            if let by = journal.flushBy, now() >= by { flush() }
            if let at = schedule.nextDeadline, now() >= at { feed(.timePassed) }
        }
        flush()
        segments.close()
        for case .control(_, let box) in mailbox.close() { box.reply(.refused(schedule.status)) }
    }

    /// Asks the controller to pause, resume or stop, and waits for its answer.
    public func request(_ request: ControlRequest) -> ControlReply {
        let box = ReplyBox()
        guard mailbox.post(.control(request, box)) else { return .refused((try? journal.execution().status) ?? .failed) }
        return box.wait()
    }

    /// Starts from what the store holds: a new execution (nothing yet), a recovery (its slices
    /// copied in as pending), or one a restarted master takes up again.
    func open() -> ScheduleEvent {
        do {
            try outputs.prepare()
            slicer = try SlicerFactory.make(spec.inputs, cursor: record.cursor, base: base)
            try openS3()
            let stored = try journal.storedCounts(retried: record.retried)
            return .opened(stored: stored, slicerFinished: slicer?.cursor.finished ?? true)
        } catch {
            return .unableToRun(reason: "the execution could not start: \(error)")
        }
    }

    func handle(_ message: Message) {
        switch message {
        case .finished(let index, let worker, let attempt, let result):
            handles[index] = nil
            feed(.sliceEnded(index: index, worker: worker, attempt: attempt, result: result))
        case .control(let request, let box):
            if done {
                box.reply(.refused(schedule.status))
                return
            }
            let event: ScheduleEvent
            switch request {
            case .pause: event = .pause
            case .resume: event = .resume
            case .stop(let timeout): event = .stop(timeout: timeout)
            case .shutdown: event = .shutdown
            }
            let actions = schedule.handle(event, at: now())
            if case .refuse(_, let status)? = actions.first {
                box.reply(.refused(status))
                return
            }
            perform(actions)
            flush()
            box.reply(.done(schedule.status))
        }
    }

    /// Feeds one event to the schedule and performs what it returns.
    func feed(_ event: ScheduleEvent) {
        perform(schedule.handle(event, at: now()))
    }
}
