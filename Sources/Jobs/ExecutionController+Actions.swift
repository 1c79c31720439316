import Foundation
import JobModel
import JobStore
import MasterModel

/// The controller performs every action the execution's state machine returns.
extension ExecutionController {
    func perform(_ actions: [ExecutionAction]) {
        for action in actions {
            switch action {
            case .record(let status, let description):
                write.status = status
                write.history.append(HistoryLine(status: status, description: description, at: now()))
                if status.isTerminal { write.failureReason = life.failureReason }
                flush()
            case .note(let description, let progress):
                write.history.append(HistoryLine(status: life.status, description: description, progress: progress, at: now()))
                changed()
            case .connectWorkers:
                connectWorkers()
            case .makeSlices:
                makeSlices()
            case .dispatch:
                dispatching = true
                dispatch()
            case .holdDispatch:
                dispatching = false
            case .endInFlight(let after):
                for slice in running.values { slice.handle.end(force: after <= 0) }
                killAt = after > 0 ? now().addingTimeInterval(after) : nil
            case .requeueOrphans:
                do {
                    try store.requeueInFlight(of: exID, at: now())
                } catch {
                    perform(life.handle(.workersUnavailable(reason: "the store could not requeue in-flight slices: \(error)")))
                }
            case .releaseWorkers:
                // A completed execution leaves nothing on its workers; any other keeps its
                // folders there for a look at what happened.
                if life.status == .completed {
                    for link in links where !lost.contains(link.name) { link.removeFolder() }
                }
                for link in links { link.close() }
                links = []
            case .finish:
                done = true
                flush()
            case .refuse:
                break
            }
        }
    }

    /// Notes that something changed, so that a flush happens within `flushDelay` (or at once
    /// when the batch is big).
    func changed(_ count: Int = 1) {
        unflushed += count
        if unflushed >= 512 { flush() } else if flushBy == nil { flushBy = now().addingTimeInterval(flushDelay) }
    }

    /// Writes everything pending in one transaction. A store that cannot be written is fatal
    /// for the execution: its work would not be recorded.
    func flush() {
        flushBy = nil
        unflushed = 0
        write.counts = life.counts
        if let slicer { write.cursor = slicer.cursor }
        let batch = write
        write = ExecutionWrite(exID: exID)
        defer { publish() }
        do {
            try store.apply(batch, at: now())
        } catch {
            done = true
            for slice in running.values { slice.handle.end(force: true) }
            for link in links { link.close() }
        }
    }

    func connectWorkers() {
        do {
            links = try source.connect(exID: exID, spec: spec)
            guard !links.isEmpty else { throw WorkerError.none }
            for link in links { busy[link.name] = 0 }
            if case .remote(let pattern) = spec.inputs, slicer == nil {
                var listings: [String: [String]] = [:]
                for link in links { listings[link.name] = try link.list(pattern) }
                slicer = RemoteSlicer(listings: listings, cursor: record.cursor)
            }
        } catch {
            perform(life.handle(.workersUnavailable(reason: "\(error)")))
            return
        }
        perform(life.handle(.workersReady(count: links.count)))
    }

    /// Pages in stored pending slices first (a restart or a recovery); then asks the slicer.
    func makeSlices() {
        if backlogAfter != nil {
            loadBacklog()
            perform(life.handle(.slicesMade(count: 0)))
            return
        }
        guard var slicer, !slicer.cursor.finished else {
            perform(life.handle(.slicerFinished))
            return
        }
        do {
            let made = try slicer.next(max: batchSize)
            self.slicer = slicer
            write.newSlices += made
            for input in made {
                queuedInput(input)
                queue.append(QueuedSlice(input: input, life: SliceLifecycle(retries: spec.retries)))
            }
            flush()
            perform(life.handle(.slicesMade(count: made.count)))
            if slicer.cursor.finished { perform(life.handle(.slicerFinished)) }
        } catch {
            perform(life.handle(.slicerFailed(reason: "\(error)")))
        }
    }

    func loadBacklog() {
        guard let after = backlogAfter else { return }
        let page = (try? store.slices(of: exID, in: [.pending], after: after, limit: batchSize)) ?? []
        backlogAfter = page.last?.index
        for record in page {
            guard let input = try? record.decodedInput() else { continue }
            queuedInput(input)
            queue.append(QueuedSlice(input: input, life: SliceLifecycle(attempts: record.attempts, retries: spec.retries), avoid: record.worker))
        }
    }
}

enum WorkerError: Error, CustomStringConvertible {
    case none

    var description: String { "no worker could be used" }
}
