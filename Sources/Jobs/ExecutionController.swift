import Foundation
import JobModel
import JobStore
import MasterModel

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

/// Runs one execution: feeds `ExecutionLifecycle` and each slice's `SliceLifecycle` every event
/// and performs every action they return (connect, make slices, dispatch, end in-flight slices,
/// record, finish). Its state is touched only by its own thread, which takes one message at a
/// time from its mailbox; slice results and control requests arrive there from other threads.
/// Changes reach the store in batched transactions; a status change is written at once.
public final class ExecutionController: @unchecked Sendable {
    public let exID: Int64
    let store: ExecutionStore
    let source: any WorkerSource
    let outputs: OutputFolder
    /// The master's directory: relative input paths are taken from it.
    let base: String
    let now: @Sendable () -> Date
    /// How many slices the slicer makes at a time.
    let batchSize: Int
    /// The longest an unflushed change waits for its batch.
    let flushDelay: TimeInterval

    enum Message: Sendable {
        case finished(index: Int64, worker: String, attempt: Int, result: SliceResult)
        case control(ControlRequest, ReplyBox)
    }

    let mailbox = Mailbox<Message>()
    /// What other threads may read of this execution, refreshed at every flush.
    let published = PublishedSnapshot()

    // The controller thread's own state.
    var life = ExecutionLifecycle()
    var record: Execution
    var spec: JobSpec
    var slicer: (any Slicer)?
    var queue = SliceQueue()
    var running: [Int64: RunningSlice] = [:]
    var links: [any WorkerLink] = []
    var busy: [String: Int] = [:]
    var lost: Set<String> = []
    var dispatching = true
    /// Slices stored pending before this controller started (a restart or a recovery), paged
    /// in by index after this one; nil when there are none left.
    var backlogAfter: Int64?
    var write: ExecutionWrite
    var unflushed = 0
    var flushBy: Date?
    var killAt: Date?
    var done = false
    var staging = StagingTally()

    struct RunningSlice {
        var slice: QueuedSlice
        var worker: String
        var handle: any SliceHandle
    }

    public init(
        exID: Int64, store: ExecutionStore, source: any WorkerSource, outputRoot: String, batchSize: Int = 1000,
        flushDelay: TimeInterval = 0.05, base: String = FileManager.default.currentDirectoryPath,
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws {
        self.exID = exID
        self.base = base
        self.store = store
        self.source = source
        self.outputs = OutputFolder(root: outputRoot, exID: exID)
        self.batchSize = max(1, batchSize)
        self.flushDelay = flushDelay
        self.now = now
        record = try store.execution(exID)
        spec = try JSONDecoder().decode(JobSpec.self, from: Data(record.spec.utf8))
        write = ExecutionWrite(exID: exID)
    }

    /// The controller's thread body: returns once the execution is terminal.
    public func run() {
        do {
            try outputs.prepare()
            life = ExecutionLifecycle(status: record.status, counts: record.counts, maxFailures: spec.maxFailures, lowWater: batchSize)
            slicer = try SlicerFactory.make(spec.inputs, cursor: record.cursor, base: base)
            try resumeFromStore()
        } catch {
            perform(life.handle(.workersUnavailable(reason: "the execution could not start: \(error)")))
        }
        while !done {
            let deadline = [flushBy, killAt].compactMap { $0 }.min()
            if let message = mailbox.take(until: deadline) {
                handle(message)
            }
            if let by = flushBy, now() >= by { flush() }
            if let at = killAt, now() >= at {
                killAt = nil
                for slice in running.values { slice.handle.end(force: true) }
            }
        }
        flush()
        for case .control(_, let box) in mailbox.close() { box.reply(.refused(life.status)) }
    }

    /// Asks the controller to pause, resume or stop, and waits for its answer.
    public func request(_ request: ControlRequest) -> ControlReply {
        let box = ReplyBox()
        guard mailbox.post(.control(request, box)) else { return .refused((try? store.execution(exID).status) ?? .failed) }
        return box.wait()
    }

    func handle(_ message: Message) {
        switch message {
        case .finished(let index, let worker, let attempt, let result):
            sliceEnded(index: index, worker: worker, attempt: attempt, result: result)
        case .control(let request, let box):
            if done {
                box.reply(.refused(life.status))
                return
            }
            let event: ExecutionEvent
            switch request {
            case .pause: event = .pause
            case .resume: event = .resume
            case .stop(let timeout): event = .stop(timeout: timeout)
            case .shutdown: event = .shutdown
            }
            let actions = life.handle(event)
            if case .refuse(_, let status)? = actions.first {
                box.reply(.refused(status))
                return
            }
            perform(actions)
            flush()
            if request == .pause { awaitSentSlices() }
            box.reply(.done(life.status))
        }
    }

    /// Waits (at most `startWait` seconds) until every slice sent to a worker has started there,
    /// so that once `pause` answers, no slice starts on any node.
    func awaitSentSlices() {
        let deadline = Date().addingTimeInterval(Self.startWait)
        for slice in running.values { _ = slice.handle.awaitStart(until: deadline) }
    }

    /// How long `pause` waits for slices sent but not yet started.
    static let startWait = 10.0

    /// Starts from what the store holds: a new execution (nothing yet), a recovery (its slices
    /// copied in as pending), or one a restarted master takes up again (its in-flight slices
    /// did not survive and run again). Stored pending slices are paged in before the slicer
    /// makes new ones.
    func resumeFromStore() throws {
        let stored = try store.sliceCounts(of: exID)
        let counts = SliceCounts(
            queued: stored[.pending] ?? 0, inFlight: stored[.start] ?? 0, completed: stored[.completed] ?? 0,
            failed: stored[.error] ?? 0, retried: record.retried)
        backlogAfter = counts.queued + counts.inFlight > 0 ? -1 : nil
        if record.status == .pending {
            life = ExecutionLifecycle(status: .pending, counts: counts, maxFailures: spec.maxFailures, lowWater: batchSize)
            perform(life.handle(.start))
        } else {
            perform(life.handle(.restarted(counts: counts, slicerFinished: slicer?.cursor.finished ?? true)))
        }
    }
}

/// A one-shot reply slot between a requesting thread and the controller.
final class ReplyBox: @unchecked Sendable {
    private let condition = NSCondition()
    private var value: ControlReply?

    func reply(_ reply: ControlReply) {
        condition.lock()
        value = reply
        condition.signal()
        condition.unlock()
    }

    func wait() -> ControlReply {
        condition.lock()
        defer { condition.unlock() }
        while value == nil { condition.wait() }
        return value!
    }
}
