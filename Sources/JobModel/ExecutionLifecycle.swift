/// The life of one execution as an explicit state machine: events go in, actions come out,
/// no I/O happens here. It is the only code that changes an execution's status; the execution's
/// schedule (`ExecutionSchedule`) feeds it and performs every action it returns, in order.
///
/// It counts slices from the events it is sent (`SliceCounts`), so it alone decides when the
/// work is over: `completed` when no slice is left in error or in flight, else `failed` with a
/// reason.
public struct ExecutionLifecycle: Sendable, Equatable {
    public private(set) var status: ExecutionStatus
    public private(set) var counts: SliceCounts
    public private(set) var slicerFinished: Bool
    /// Why the execution failed or is failing early (too many failed slices, a slicer error).
    public private(set) var failureReason: String?
    /// How many failed slices end the execution early; nil: no limit.
    public let maxFailures: Int?
    /// Below this many queued slices the slicer is asked for the next batch.
    public let lowWater: Int
    /// The execution's outputs live outside the master (an S3 prefix): before it ends, whatever
    /// its status, they are finalized (`finalizeOutputs`: staging objects removed, and the
    /// manifest written when it completes), and only then is the end recorded.
    public let finalizesOutputs: Bool
    /// A `makeSlices` is outstanding: no second one until its batch arrives.
    private var awaitingSlices = false
    /// The end waiting for `outputsFinalized` (or `finalizeFailed`).
    private var ending: (status: ExecutionStatus, description: String?)?
    /// The outputs were finalized: the end may be recorded.
    private var finalized = false

    public init(
        status: ExecutionStatus = .pending, counts: SliceCounts = SliceCounts(), maxFailures: Int? = nil, lowWater: Int = 1000,
        finalizesOutputs: Bool = false
    ) {
        self.status = status
        self.counts = counts
        self.slicerFinished = false
        self.maxFailures = maxFailures
        self.lowWater = max(1, lowWater)
        self.finalizesOutputs = finalizesOutputs
    }

    public static func == (lhs: ExecutionLifecycle, rhs: ExecutionLifecycle) -> Bool {
        lhs.status == rhs.status && lhs.counts == rhs.counts && lhs.slicerFinished == rhs.slicerFinished && lhs.failureReason == rhs.failureReason
            && lhs.maxFailures == rhs.maxFailures && lhs.lowWater == rhs.lowWater && lhs.finalizesOutputs == rhs.finalizesOutputs
            && lhs.awaitingSlices == rhs.awaitingSlices && lhs.ending?.status == rhs.ending?.status
            && lhs.ending?.description == rhs.ending?.description && lhs.finalized == rhs.finalized
    }

    /// Applies an event and says what to do next. Events that make no sense in the current
    /// status (a late slice report after `stopped`, say) change nothing and ask for nothing.
    public mutating func handle(_ event: ExecutionEvent) -> [ExecutionAction] {
        switch event {
        case .start:
            guard status == .pending else { return [] }
            return move(to: .initializing) + [.connectWorkers]

        case .workersReady(let count):
            if status == .initializing {
                awaitingSlices = true
                return move(to: .running, "\(count) worker\(count == 1 ? "" : "s") ready.") + [.makeSlices]
            }
            return status.group == .active ? afterProgress() : []

        case .workersUnavailable(let reason):
            guard !status.isTerminal else { return [] }
            failureReason = reason
            return end(.failed, reason)

        case .slicesMade(let count):
            guard !status.isTerminal else { return [] }
            awaitingSlices = false
            counts.queued += max(0, count)
            return afterProgress()

        case .slicerFinished:
            guard !status.isTerminal else { return [] }
            awaitingSlices = false
            slicerFinished = true
            return afterProgress()

        case .slicerFailed(let reason):
            guard !status.isTerminal else { return [] }
            awaitingSlices = false
            slicerFinished = true
            failureReason = failureReason ?? "the slicer failed: \(reason)"
            return [.note(description: "The slicer failed: \(reason)", progress: nil), .holdDispatch] + afterProgress()

        case .sliceStarted:
            guard !status.isTerminal else { return [] }
            counts.queued = max(0, counts.queued - 1)
            counts.inFlight += 1
            return []

        case .sliceCompleted:
            guard !status.isTerminal, counts.inFlight > 0 else { return [] }
            counts.inFlight -= 1
            counts.completed += 1
            let back = status == .failing && failureReason == nil ? move(to: .running, "A slice completed after failures.") : []
            return back + afterProgress()

        case .sliceRetried(let description):
            guard !status.isTerminal, counts.inFlight > 0 else { return [] }
            counts.inFlight -= 1
            counts.queued += 1
            counts.retried += 1
            return [.note(description: description, progress: nil)] + afterProgress()

        case .sliceFailed(let description):
            guard !status.isTerminal, counts.inFlight > 0 else { return [] }
            counts.inFlight -= 1
            counts.failed += 1
            var actions: [ExecutionAction] = [.note(description: description, progress: nil)]
            if status == .running { actions += move(to: .failing) }
            if let limit = maxFailures, counts.failed > limit, failureReason == nil {
                failureReason = "\(counts.failed) slices failed, more than max_failures (\(limit))"
                actions.append(.holdDispatch)
            }
            return actions + afterProgress()

        case .sliceRequeued:
            guard !status.isTerminal, counts.inFlight > 0 else { return [] }
            counts.inFlight -= 1
            counts.queued += 1
            return afterProgress()

        case .workerLost(let worker, let reason):
            guard !status.isTerminal else { return [] }
            return [.note(description: "Worker \(worker) lost: \(reason)", progress: nil)]

        case .staged(let bytes, let total):
            guard !status.isTerminal else { return [] }
            let progress = total.flatMap { $0 > 0 ? min(1, Double(bytes) / Double($0)) : nil }
            let of = total.map { " of \($0)" } ?? ""
            return [.note(description: "Staged \(bytes)\(of) bytes of input.", progress: progress)]

        case .pause:
            guard status == .running || status == .failing else { return [.refuse(request: "pause", status: status)] }
            return move(to: .paused) + [.holdDispatch]

        case .resume:
            guard status == .paused else { return [.refuse(request: "resume", status: status)] }
            return move(to: .running) + afterProgress()

        case .stop(let timeout):
            if status == .stopping { return [] }
            guard !status.isTerminal else { return [.refuse(request: "stop", status: status)] }
            let actions = move(to: .stopping) + [.holdDispatch]
            return counts.inFlight > 0 ? actions + [.endInFlight(after: timeout)] : actions + end(.stopped)

        case .shutdown:
            guard !status.isTerminal else { return [] }
            if status == .stopping { return [.endInFlight(after: 0)] + end(.stopped) }
            let flight: [ExecutionAction] = counts.inFlight > 0 ? [.endInFlight(after: 0)] : []
            return [.holdDispatch] + flight + end(.terminated, ExecutionStatus.terminated.meaning)

        case .outputsFinalized:
            guard let (final, description) = ending, !status.isTerminal else { return [] }
            finalized = true
            return end(final, description)

        case .finalizeFailed(let reason):
            guard let (final, description) = ending, !status.isTerminal else { return [] }
            finalized = true
            guard final == .completed else { return end(final, description) }
            failureReason = "the outputs could not be finalized: \(reason)"
            return end(.failed, failureReason)

        case .restarted(let found, let finished):
            guard !status.isTerminal else { return [] }
            let orphans = found.inFlight
            counts = found
            counts.queued += orphans
            counts.inFlight = 0
            slicerFinished = finished
            awaitingSlices = false
            if status == .pending { return [] }
            let note = ExecutionAction.note(
                description: "The master restarted; \(orphans) slice\(orphans == 1 ? " that was" : "s that were") in flight will run again.",
                progress: nil)
            if status == .stopping { return [note, .requeueOrphans] + end(.stopped) }
            return [note, .requeueOrphans, .connectWorkers]
        }
    }

    /// After the counts changed: end the execution if its work is over, else keep the slicer
    /// and the workers busy (unless paused or stopping).
    private mutating func afterProgress() -> [ExecutionAction] {
        guard status.group == .active else { return [] }
        if status == .stopping {
            return counts.inFlight == 0 ? end(.stopped) : []
        }
        if let reason = failureReason {
            return counts.inFlight == 0 ? end(.failed, reason) : []
        }
        if slicerFinished, counts.queued == 0, counts.inFlight == 0 {
            if counts.failed > 0 {
                let reason = "\(counts.failed) slice\(counts.failed == 1 ? "" : "s") failed beyond retries"
                failureReason = reason
                return end(.failed, reason)
            }
            return end(.completed)
        }
        if status == .paused { return [] }
        var actions: [ExecutionAction] = []
        if !slicerFinished, !awaitingSlices, counts.queued < lowWater {
            awaitingSlices = true
            actions.append(.makeSlices)
        }
        if counts.queued > 0 { actions.append(.dispatch) }
        return actions
    }

    private mutating func move(to next: ExecutionStatus, _ description: String? = nil) -> [ExecutionAction] {
        guard status.canMove(to: next) else { return [] }
        status = next
        return [.record(status: next, description: description ?? next.meaning)]
    }

    private mutating func end(_ final: ExecutionStatus, _ description: String? = nil) -> [ExecutionAction] {
        if finalizesOutputs, !finalized {
            // Once: a second end while finalizing (a stop, a shutdown) waits for the first.
            guard ending == nil, status.canMove(to: final) else { return [] }
            ending = (final, description)
            return [.finalizeOutputs(completed: final == .completed)]
        }
        let moved = move(to: final, description)
        return moved.isEmpty ? [] : moved + [.releaseWorkers, .finish(final)]
    }
}
