import Foundation

/// A slice's end, fed to its lifecycle, and every action that lifecycle returns performed.
extension ExecutionSchedule {
    mutating func sliceEnded(_ index: Int64, worker: String, attempt: Int, result: SliceResult, at now: Date) -> [ScheduleAction] {
        guard let flight = inFlight[index], flight.worker == worker, flight.slice.life.attempts == attempt, !flight.slice.life.committing else { return [] }
        if let slot = workers.firstIndex(where: { $0.name == worker }) { workers[slot].busy -= 1 }
        // A stopping execution ends what is in flight: a slice that did not complete goes back
        // to pending, without using a retry.
        let stopping = life.status == .stopping
        var actions: [ScheduleAction] = []
        let event: SliceEvent
        var stderrTail: String?
        switch result {
        case .exited(let code, let tail):
            let last = Self.lastLine(tail)
            stderrTail = tail.isEmpty ? nil : tail
            event = code == 0 ? .succeeded : stopping ? .abandoned : .failed(exitCode: code, reason: "exit \(code)" + (last.isEmpty ? "" : ": \(last)"))
        case .timedOut(let seconds, let tail):
            stderrTail = tail.isEmpty ? nil : tail
            event = stopping ? .abandoned : .timedOut(seconds: seconds)
        case .lost(let reason):
            event = .workerLost
            actions += lose(worker, reason: reason, at: now)
        }
        actions += follow(flight, event, stderrTail: stderrTail, at: now)
        if !workers.isEmpty, workers.allSatisfy(\.lost), !life.status.isTerminal {
            actions += drive(life.handle(.workersUnavailable(reason: "every worker was lost")), at: now)
        }
        return actions
    }

    /// The outcome of a `commitOutput`.
    mutating func commitEnded(_ index: Int64, _ event: SliceEvent, at now: Date) -> [ScheduleAction] {
        guard let flight = inFlight[index], flight.slice.life.committing else { return [] }
        return follow(flight, event, stderrTail: nil, at: now)
    }

    /// Feeds the slice's lifecycle and performs the action it returns.
    private mutating func follow(_ flight: FlightSlice, _ event: SliceEvent, stderrTail: String?, at now: Date) -> [ScheduleAction] {
        var slice = flight.slice
        let action = slice.life.handle(event)
        // The attempt that ran, and the attempts counted after it (a requeue does not count it).
        let index = slice.input.index, worker = flight.worker, attempt = flight.slice.life.attempts, attempts = slice.life.attempts
        switch action {
        case .commitOutput:
            inFlight[index]?.slice = slice
            return [.commitOutput(index: index, attempt: attempt)]

        case .recordCompleted:
            inFlight[index] = nil
            var actions: [ScheduleAction] = [.recordSlice(SliceUpdate(index: index, state: slice.life.state, attempts: attempts, worker: worker, exitCode: 0))]
            if let staged = staging.complete(slice.inputBytes, allMade: life.slicerFinished && backlogAfter == nil, at: now) {
                actions += drive(life.handle(staged), at: now)
            }
            return actions + drive(life.handle(.sliceCompleted), at: now)

        case .retry(let avoiding, let next, let exitCode, let reason):
            inFlight[index] = nil
            slice.avoid = avoiding
            queue.pushFront(slice)
            let update = SliceUpdate(index: index, state: slice.life.state, attempts: attempts, worker: worker, exitCode: exitCode, error: reason, stderrTail: stderrTail)
            let description = "Slice \(index) failed on \(worker) (\(reason)); attempt \(next) of \(retries + 1) follows."
            return [.discardOutput(index: index, attempt: attempt), .recordSlice(update)] + drive(life.handle(.sliceRetried(description: description)), at: now)

        case .recordError(let exitCode, let reason):
            inFlight[index] = nil
            let update = SliceUpdate(index: index, state: slice.life.state, attempts: attempts, worker: worker, exitCode: exitCode, error: reason, stderrTail: stderrTail)
            let description = "Slice \(index) failed on \(worker) (\(reason)) after \(attempts) attempt\(attempts == 1 ? "" : "s")."
            return [.discardOutput(index: index, attempt: attempt), .recordSlice(update)] + drive(life.handle(.sliceFailed(description: description)), at: now)

        case .requeue(let avoiding):
            inFlight[index] = nil
            slice.avoid = avoiding
            queue.pushFront(slice)
            let update = SliceUpdate(index: index, state: slice.life.state, attempts: attempts, worker: worker)
            return [.discardOutput(index: index, attempt: attempt), .recordSlice(update)] + drive(life.handle(.sliceRequeued), at: now)

        case .none, .start:
            // An event its lifecycle ignores (none is sent today): the slice stays as it was.
            return []
        }
    }

    /// A worker stopped answering: it takes no more slices.
    private mutating func lose(_ worker: String, reason: String, at now: Date) -> [ScheduleAction] {
        guard let slot = workers.firstIndex(where: { $0.name == worker }), !workers[slot].lost else { return [] }
        workers[slot].lost = true
        return drive(life.handle(.workerLost(worker: worker, reason: reason)), at: now)
    }

    static func lastLine(_ text: String) -> String {
        String(text.split(whereSeparator: \.isNewline).last ?? "").prefix(200).description
    }
}
