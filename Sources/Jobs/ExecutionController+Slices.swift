import Foundation
import JobModel
import MasterModel

/// Slices to workers, and their results back into the state machines.
extension ExecutionController {
    /// Starts queued slices on free slots until none is free or nothing can run.
    func dispatch() {
        guard dispatching, life.status == .running || life.status == .failing else { return }
        while true {
            if queue.isEmpty, backlogAfter != nil { loadBacklog() }
            let free = links.filter { !lost.contains($0.name) && (busy[$0.name] ?? 0) < $0.slots }
            guard !free.isEmpty, !queue.isEmpty else { return }
            let names = Set(free.map(\.name))
            guard var slice = queue.takeFirst(where: { $0.input.worker.map(names.contains) ?? true }) else { return }
            let link = slice.input.worker.flatMap { pinned in free.first { $0.name == pinned } }
                ?? free.first { $0.name != slice.avoid } ?? free[0]
            slice.life.handle(.dispatched(worker: link.name))
            start(slice, on: link)
        }
    }

    func start(_ slice: QueuedSlice, on link: any WorkerLink) {
        let index = slice.input.index
        let attempt = slice.life.attempts
        busy[link.name, default: 0] += 1
        perform(life.handle(.sliceStarted))
        write.sliceChanges.append(SliceChange(index: index, state: .start, attempts: attempt, worker: link.name, at: now()))
        changed()
        let run = SliceRun(
            index: index, command: command(for: slice.input, worker: link.name), stdin: slice.input.stdin, timeout: spec.sliceTimeout,
            stdoutPath: spec.output == .none ? nil : outputs.partial(index, attempt: attempt),
            remoteOutput: spec.output == .file ? outputPath(index) : nil)
        let mailbox = self.mailbox, name = link.name
        let handle = link.start(run) { result in
            mailbox.post(.finished(index: index, worker: name, attempt: attempt, result: result))
        }
        running[index] = RunningSlice(slice: slice, worker: link.name, handle: handle)
    }

    /// The command with this slice's values: the spec's variables, the slice's own
    /// (`{input}`, `{start}`, `{end}`) and the built-in ones.
    func command(for input: SliceInput, worker: String) -> String {
        var values = spec.variables
        values.merge(input.values) { _, slice in slice }
        values["slice"] = String(input.index)
        values["job_id"] = String(record.jobID)
        values["ex_id"] = String(exID)
        values["worker"] = worker
        values["output"] = outputPath(input.index)
        return CommandTemplate(spec.command).render(values)
    }

    /// Where a slice writes a file output on its worker, relative to the execution's folder there.
    func outputPath(_ index: Int64) -> String { "out/\(index)" }

    func sliceEnded(index: Int64, worker: String, attempt: Int, result: SliceResult) {
        guard var entry = running.removeValue(forKey: index), entry.slice.life.attempts == attempt else { return }
        busy[worker, default: 1] -= 1
        let stopping = life.status == .stopping
        let event: SliceEvent, reason: String, stderrTail: String?, exitCode: Int32?
        switch result {
        case .exited(let code, let tail):
            let last = Self.lastLine(tail)
            reason = "exit \(code)" + (last.isEmpty ? "" : ": \(last)")
            event = code == 0 ? .succeeded : stopping ? .abandoned : .failed(exitCode: code, reason: reason)
            (stderrTail, exitCode) = (tail.isEmpty ? nil : tail, code)
        case .timedOut(let seconds, let tail):
            reason = "timed out after \(seconds) s"
            event = stopping ? .abandoned : .timedOut(seconds: seconds)
            (stderrTail, exitCode) = (tail.isEmpty ? nil : tail, nil)
        case .lost(let why):
            (event, reason, stderrTail, exitCode) = (.workerLost, why, nil, nil)
            if !lost.contains(worker) {
                lost.insert(worker)
                perform(life.handle(.workerLost(worker: worker, reason: why)))
            }
        }
        switch entry.slice.life.handle(event) {
        case .commitOutput:
            do {
                if spec.output != .none { try outputs.commit(index, attempt: attempt) }
                record(index, entry.slice.life, worker: worker, exitCode: exitCode)
                stagedInput(entry.slice.input)
                perform(life.handle(.sliceCompleted))
            } catch {
                // The output could not be kept: the slice did not complete.
                entry.slice.life = SliceLifecycle(state: .start, attempts: attempt, retries: spec.retries)
                let why = "its output could not be committed: \(error)"
                entry.slice.life.handle(.failed(exitCode: nil, reason: why))
                afterFailure(entry.slice, worker: worker, reason: why, stderrTail: nil, exitCode: nil)
            }
        case .retry, .recordError:
            outputs.discard(index, attempt: attempt)
            afterFailure(entry.slice, worker: worker, reason: reason, stderrTail: stderrTail, exitCode: exitCode)
        case .requeue(let avoiding):
            outputs.discard(index, attempt: attempt)
            entry.slice.avoid = avoiding
            record(index, entry.slice.life, worker: worker)
            queue.pushFront(entry.slice)
            perform(life.handle(.sliceRequeued))
        case .none:
            break
        }
        if lost.count == links.count, !links.isEmpty, !life.status.isTerminal {
            perform(life.handle(.workersUnavailable(reason: "every worker was lost")))
        }
    }

    /// After a failed attempt the slice's life has decided: queued again on another worker, or
    /// an error for good.
    func afterFailure(_ slice: QueuedSlice, worker: String, reason: String, stderrTail: String?, exitCode: Int32?) {
        var slice = slice
        record(slice.input.index, slice.life, worker: worker, exitCode: exitCode, error: reason, stderrTail: stderrTail)
        if slice.life.state == .pending {
            slice.avoid = worker
            queue.pushFront(slice)
            perform(life.handle(.sliceRetried(description: "Slice \(slice.input.index) failed on \(worker) (\(reason)); attempt \(slice.life.attempts + 1) of \(spec.retries + 1) follows.")))
        } else {
            perform(life.handle(.sliceFailed(description: "Slice \(slice.input.index) failed on \(worker) (\(reason)) after \(slice.life.attempts) attempt\(slice.life.attempts == 1 ? "" : "s").")))
        }
    }

    func record(_ index: Int64, _ slice: SliceLifecycle, worker: String?, exitCode: Int32? = nil, error: String? = nil, stderrTail: String? = nil) {
        write.sliceChanges.append(SliceChange(
            index: index, state: slice.state, attempts: slice.attempts, worker: worker, exitCode: exitCode, error: error,
            stderrTail: stderrTail.map { String($0.suffix(4096)) }, at: now()))
        changed()
    }

    static func lastLine(_ text: String) -> String {
        String(text.split(whereSeparator: \.isNewline).last ?? "").prefix(200).description
    }
}
