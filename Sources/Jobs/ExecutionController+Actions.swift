import Foundation
import JobModel
import JobStore
import MasterModel

/// The controller performs every action the schedule returns, in order, and feeds back the
/// outcomes of those that have one once the whole list is performed.
extension ExecutionController {
    func perform(_ actions: [ScheduleAction]) {
        var outcomes: [ScheduleEvent] = []
        for action in actions {
            if let outcome = perform(action) { outcomes.append(outcome) }
        }
        for outcome in outcomes { feed(outcome) }
    }

    /// Performs one action; its outcome, when it has one, is the event to feed back.
    func perform(_ action: ScheduleAction) -> ScheduleEvent? {
        switch action {
        case .record(let status, let description, let failureReason):
            journal.record(status: status, description: description, failureReason: failureReason, at: now())
            flush()
        case .note(let status, let description, let progress):
            journal.note(status: status, description: description, progress: progress, at: now())
            flushWhenFull()
        case .connectWorkers:
            return connectWorkers()
        case .makeSlices:
            return makeSlices()
        case .pageBacklog(let after):
            let page = journal.pendingSlices(after: after, limit: batchSize, measure: Self.inputBytes)
            return .backlogPaged(page.slices, through: page.through)
        case .requeueOrphans:
            do {
                try journal.requeueInFlight(at: now())
            } catch {
                return .unableToRun(reason: "the store could not requeue in-flight slices: \(error)")
            }
        case .startSlice(let input, let worker, let attempt):
            return start(input, on: worker, attempt: attempt)
        case .recordSlice(let update):
            journal.slice(update, output: committedPlaces.removeValue(forKey: update.index), at: now())
            flushWhenFull()
        case .endSlices(let indices, let force):
            for index in indices { handles[index]?.end(force: force) }
        case .awaitStarts(let indices):
            let deadline = Date().addingTimeInterval(Self.startWait)
            for index in indices { _ = handles[index]?.awaitStart(until: deadline) }
        case .commitOutput(let index, let attempt) where s3?.outputs != nil:
            return commitS3(index, attempt: attempt)
        case .commitOutput(let index, _):
            do {
                if let output = attemptOutputs.removeValue(forKey: index) { committedPlaces[index] = try segments.append(output) }
                return .outputCommitted(index: index)
            } catch {
                return .commitFailed(index: index, reason: "the slice's output could not be kept: \(error)")
            }
        case .discardOutput(let index, let attempt):
            attemptOutputs[index] = nil
            discardS3(index, attempt: attempt)
        case .finalizeOutputs(let completed):
            return finalizeS3(completed: completed)
        case .releaseWorkers(let clear):
            releaseWorkers(removingFoldersOn: Set(clear))
        case .finish:
            done = true
            flush()
        case .refuse:
            break
        }
        return nil
    }

    /// How long `pause` waits for slices sent but not yet started.
    static let startWait = 10.0

    /// Writes the batch when it is big enough not to wait.
    func flushWhenFull() {
        if journal.isFull { flush() }
    }

    /// Makes the outputs appended since the last flush durable, then writes everything pending,
    /// their places with it, in one transaction, and publishes the result. A store or segment
    /// that cannot be written is fatal for the execution: its work would not be recorded, so
    /// every slice is killed and the workers let go.
    func flush() {
        defer { publish() }
        do {
            try segments.sync()
            try journal.flush(counts: schedule.life.counts, cursor: slicer?.cursor, at: now())
        } catch {
            done = true
            for handle in handles.values { handle.end(force: true) }
            for link in links { link.close() }
        }
    }

    /// Lets every worker go at once (each removes its folder when it is in `clear`, then closes
    /// or goes back to the master's connections) and waits until all have.
    func releaseWorkers(removingFoldersOn clear: Set<String>) {
        let released = DispatchGroup()
        for link in links {
            released.enter()
            link.release(removingFolder: clear.contains(link.name)) { released.leave() }
        }
        released.wait()
        links = []
    }

    func connectWorkers() -> ScheduleEvent {
        do {
            links = try source.connect(exID: exID, spec: spec)
            guard !links.isEmpty else { throw WorkerError.none }
            if case .remote(let pattern) = spec.inputs, slicer == nil {
                var listings: [String: [String]] = [:]
                for link in links { listings[link.name] = try link.list(pattern) }
                slicer = RemoteSlicer(listings: listings, cursor: record.cursor)
            }
        } catch {
            return .unableToRun(reason: "\(error)")
        }
        return .workersConnected(links.map { ScheduledWorker(name: $0.name, slots: $0.slots) })
    }

    /// Asks the slicer for the next batch and stores it at once.
    func makeSlices() -> ScheduleEvent {
        guard var slicer, !slicer.cursor.finished else { return .slicerFinished }
        do {
            let made = try slicer.next(max: batchSize)
            self.slicer = slicer
            journal.newSlices(made, at: now())
            flush()
            return .slicesMade(made.map { SliceWork(input: $0, inputBytes: Self.inputBytes($0)) }, last: slicer.cursor.finished)
        } catch {
            return .slicerFailed(reason: "\(error)")
        }
    }
}

enum WorkerError: Error, CustomStringConvertible {
    case none

    var description: String { "no worker could be used" }
}
