import Foundation

/// The schedule performs every action the execution's lifecycle returns, and starts queued
/// slices on free slots.
extension ExecutionSchedule {
    /// Performs the lifecycle's actions in order: the scheduling ones here, the others handed
    /// on to the controller.
    mutating func drive(_ actions: [ExecutionAction], at now: Date) -> [ScheduleAction] {
        var out: [ScheduleAction] = []
        for action in actions {
            switch action {
            case .record(let status, let description):
                out.append(.record(status: status, description: description, failureReason: status.isTerminal ? life.failureReason : nil))
            case .note(let description, let progress):
                out.append(.note(status: life.status, description: description, progress: progress))
            case .connectWorkers:
                out.append(.connectWorkers)
            case .makeSlices:
                // Stored pending slices come first: a page of them answers the lifecycle.
                if let after = backlogAfter {
                    slicesAsked = true
                    out += page(after: after)
                } else {
                    out.append(.makeSlices)
                }
            case .dispatch:
                dispatching = true
                out += dispatch(at: now)
            case .holdDispatch:
                dispatching = false
            case .endInFlight(let after):
                let sent = sentSlices
                if !sent.isEmpty { out.append(.endSlices(sent, force: after <= 0)) }
                nextDeadline = after > 0 ? now.addingTimeInterval(after) : nil
            case .requeueOrphans:
                out.append(.requeueOrphans)
            case .finalizeOutputs(let completed):
                out.append(.finalizeOutputs(completed: completed))
            case .releaseWorkers:
                // A completed execution leaves nothing on its workers; any other keeps its
                // folders there for a look at what happened.
                let clear = life.status == .completed ? workers.filter { !$0.lost }.map(\.name) : []
                out.append(.releaseWorkers(removingFoldersOn: clear))
            case .finish(let status):
                nextDeadline = nil
                out.append(.finish(status))
            case .refuse(let request, let status):
                out.append(.refuse(request: request, status: status))
            }
        }
        return out
    }

    /// Starts queued slices on free slots until none is free or nothing can run; asks for the
    /// next page of stored slices when the queue runs dry before them.
    mutating func dispatch(at now: Date) -> [ScheduleAction] {
        guard dispatching, life.status == .running || life.status == .failing else { return [] }
        var actions: [ScheduleAction] = []
        while true {
            if queue.isEmpty {
                if let after = backlogAfter { actions += page(after: after) }
                return actions
            }
            let free = workers.indices.filter { workers[$0].isFree }
            guard !free.isEmpty else { return actions }
            // A pinned slice (a remote input's file lives on one worker) waits for that worker.
            let slice = queue.takeFirst { slice in
                slice.input.worker.map { pinned in free.contains { workers[$0].name == pinned } } ?? true
            }
            guard let slice else { return actions }
            let target = slice.input.worker.flatMap { pinned in free.first { workers[$0].name == pinned } }
                ?? free.first { workers[$0].name != slice.avoid } ?? free[0]
            actions += start(slice, on: target, at: now)
        }
    }

    /// Hands a slice to a worker as its lifecycle says.
    private mutating func start(_ slice: QueuedSlice, on target: Int, at now: Date) -> [ScheduleAction] {
        var slice = slice
        guard case .start(let worker, let attempt) = slice.life.handle(.dispatched(worker: workers[target].name)) else { return [] }
        workers[target].busy += 1
        let index = slice.input.index
        inFlight[index] = FlightSlice(slice: slice, worker: worker)
        return drive(life.handle(.sliceStarted), at: now) + [
            .recordSlice(SliceUpdate(index: index, state: slice.life.state, attempts: attempt, worker: worker)),
            .startSlice(slice.input, worker: worker, attempt: attempt),
        ]
    }

    /// Asks for the page of stored slices after `after`, unless one is outstanding.
    private mutating func page(after: Int64) -> [ScheduleAction] {
        guard !paging else { return [] }
        paging = true
        return [.pageBacklog(after: after)]
    }
}
