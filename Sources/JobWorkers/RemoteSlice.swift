import Foundation
import JobModel
import Jobs
import SSH

/// One slice on an `SSHWorkerLink`: its command on one channel of the link's mux, standard
/// input read from the master's file a chunk at a time, standard output kept in the attempt's
/// `SliceOutput` as it arrives, and the remote process group it can end. `finished` is called exactly once.
///
/// The first line of the command's output is the group's id (see `WorkerScripts.slice`); it is
/// taken off before anything is written.
///
/// A slice with S3 objects (`SliceRun.fetches`, `SliceRun.upload`) runs its command wrapped
/// (`WorkerScripts.objectSlice`): its input comes from the objects, not from the master, and with
/// an upload its output goes to S3, none of it to the master. The wrapper's secrets go in a
/// runner's request, or as the first line of a channel's input; never in a command's text.
final class RemoteSlice: SliceHandle, RunnerClient, @unchecked Sendable {
    let run: SliceRun
    /// The command wrapped to fetch and put its objects; nil: it has none.
    private let objects: WorkerScripts.ObjectSlice?
    private let scripts: WorkerScripts
    private let gate: ChannelGate
    private let finished: @Sendable (SliceResult) -> Void
    private let lock = NSCondition()
    private var group: Int32?
    /// An end asked for before the group's id arrived (true: KILL).
    private var wantEnd: Bool?
    /// An end was asked for (true: KILL), whether or not the group was known.
    private var endAsked: Bool?
    /// The slice's tag on the slot runner that runs it; nil on a channel of its own.
    private var runnerTag: String?
    private var done = false
    private var timedOut = false
    // Touched only on the mux's thread once launched.
    private var header: [UInt8] = []
    private var headerRead = false
    var output = OutputSink()
    var problem: String?
    private var input: (@Sendable () throws -> Data?)?
    /// The wrapper's parameters, still to send as a channel's first line of input.
    private var parametersLine: Data?

    /// A run with fetches takes no input from the master; one with an upload keeps no output there.
    init(run: SliceRun, scripts: WorkerScripts, gate: ChannelGate, finished: @escaping @Sendable (SliceResult) -> Void) {
        var run = run
        if !run.fetches.isEmpty { run.stdin = nil }
        if run.upload != nil {
            run.output = nil
            run.remoteOutput = nil
        }
        self.run = run
        objects = WorkerScripts.objectSlice(run)
        self.scripts = scripts
        self.gate = gate
        self.finished = finished
    }

    func launch() {
        guard prepare(outputFromChannel: run.remoteOutput == nil) else { return }
        armTimeout()
        launchOnChannel()
    }

    /// Runs the slice on a slot runner of the link when `runners` takes it, else on a channel
    /// of its own. A slice with standard input always has its own channel, and ends the runners
    /// left idle.
    func launch(on runners: RunnerPool) {
        guard run.stdin == nil else {
            // Its execution's slices all take channels: runners a former execution left idle
            // would hold sessions (sshd's MaxSessions) those channels need.
            runners.retireIdle()
            return launch()
        }
        guard prepare(outputFromChannel: run.output != nil) else { return }
        armTimeout()
        let output: WorkerScripts.RunnerOutput = run.output == nil ? .none : run.remoteOutput == nil ? .stdout : .file
        let tag = "\(run.index)-\(UInt32.random(in: .min ... .max))"
        lock.withLock { runnerTag = tag }
        let request = WorkerScripts.request(objects?.inline ?? run.command, tag: tag, folder: scripts.folder, output: output, file: run.remoteOutput)
        if !runners.start(request, for: self) { fallBackToChannel() }
    }

    /// The slice did not start on a runner: it runs on a channel of its own after all.
    func fallBackToChannel() {
        lock.withLock { runnerTag = nil }
        if run.remoteOutput != nil { output.close() } else { output.open(run.output) }
        launchOnChannel()
    }

    /// Bytes of the slice's output, from a runner.
    func runnerOutput(_ bytes: UnsafeRawBufferPointer) {
        if let failure = output.write(bytes), problem == nil { problem = failure }
    }

    /// Opens the slice's input and, when `outputFromChannel`, its output; false (the slice
    /// finished as failed) when the input cannot be.
    private func prepare(outputFromChannel: Bool) -> Bool {
        do {
            if let range = run.stdin {
                let chunks = try InputChunks(range)
                input = { [self] in
                    do {
                        return try chunks.next()
                    } catch {
                        problem = problem ?? "cannot read the slice's input \(range.path): \(error)"
                        return nil
                    }
                }
            }
            if outputFromChannel { output.open(run.output) }
            return true
        } catch {
            finish(.exited(code: 1, stderrTail: "ess: \(error)"))
            return false
        }
    }

    /// The slice on a channel of its own (`WorkerScripts.slice`).
    func launchOnChannel() {
        headerRead = false
        header = []
        parametersLine = objects?.inputLine
        let wrappedInput: @Sendable () throws -> Data? = { [self] in try nextInput() }
        let command = ChannelMux.Command(
            scripts.slice(objects?.reading ?? run.command), stdin: objects == nil ? input : wrappedInput, stdout: { [self] in receive($0) },
            timeout: run.timeout.map { $0 + Self.killGrace + 30 })
        gate.submit(command) { [self] in complete($0) }
    }

    /// A wrapped command's input on its channel: the wrapper's parameters, then the master's
    /// bytes if any. Called on the mux's thread only.
    private func nextInput() throws -> Data? {
        if let line = parametersLine {
            parametersLine = nil
            return line
        }
        return try input?()
    }

    /// Seconds between TERM and KILL when a timeout ends the group.
    static let killGrace = 2.0

    func awaitStart(until deadline: Date) -> Bool {
        lock.withLock {
            while group == nil, !done {
                if !lock.wait(until: deadline) { return false }
            }
            return true
        }
    }

    func end(force: Bool) {
        let target: Int32? = lock.withLock {
            guard !done else { return nil }
            endAsked = (endAsked ?? false) || force
            if let group { return group }
            wantEnd = (wantEnd ?? false) || force
            return nil
        }
        if let target { signal(target, force: force) }
    }

    private func signal(_ group: Int32, force: Bool) {
        let tag = lock.withLock { runnerTag }
        let command = tag.map { WorkerScripts.end(runner: group, tag: $0, force: force) } ?? WorkerScripts.end(group: group, force: force)
        gate.submit(ChannelMux.Command(command, timeout: 30), urgent: true) { _ in }
    }

    /// The runner running the slice ended: by the end asked for (KILL takes the runner's group
    /// with it), by its timeout, or lost (what it started is ended, if the node still answers).
    func runnerGone(reason: String, signal: String?) {
        let (asked, wasTimedOut) = lock.withLock { (endAsked, timedOut) }
        if wasTimedOut {
            finish(.timedOut(seconds: run.timeout ?? 0, stderrTail: ""))
        } else if let asked {
            finish(.exited(code: signal.map(SignalNumber.exitCode) ?? (asked ? 137 : 143), stderrTail: ""))
        } else {
            end(force: true)
            finish(.lost(reason: reason))
        }
    }

    private func armTimeout() {
        guard let seconds = run.timeout else { return }
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [self] in
            let live = lock.withLock { () -> Bool in
                guard !done else { return false }
                timedOut = true
                return true
            }
            guard live else { return }
            end(force: false)
            DispatchQueue.global().asyncAfter(deadline: .now() + Self.killGrace) { [self] in end(force: true) }
        }
    }

    /// Standard output from the mux's thread: the group's id line first, then the command's bytes.
    private func receive(_ bytes: UnsafeRawBufferPointer) {
        var rest = bytes[...]
        if !headerRead {
            guard let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) else {
                header += bytes
                headerRead = header.count > 32
                return
            }
            header += bytes[..<newline]
            headerRead = true
            rest = bytes[(newline + 1)...]
            if let pid = Int32(String(decoding: header, as: UTF8.self)) { started(group: pid) }
        }
        guard !rest.isEmpty else { return }
        if let failure = output.write(UnsafeRawBufferPointer(rebasing: rest)), problem == nil { problem = failure }
    }

    /// The slice's process group is known: an end asked for before is sent now.
    func started(group pid: Int32) {
        guard pid > 1 else { return }
        let pending: Bool? = lock.withLock {
            group = pid
            lock.broadcast()
            return done ? nil : wantEnd
        }
        if let pending { signal(pid, force: pending) }
    }

    private func complete(_ outcome: ChannelMux.Outcome) {
        let tail = Self.tail(outcome.stderrTail)
        let wasTimedOut = lock.withLock { timedOut }
        if let failure = outcome.failure {
            finish(failure.kind == .timeout ? .timedOut(seconds: run.timeout ?? 0, stderrTail: tail) : .lost(reason: failure.description))
            return
        }
        let code = outcome.exitSignal.map(SignalNumber.exitCode) ?? outcome.exitCode ?? 255
        if code == 0, !wasTimedOut, problem == nil, let remote = run.remoteOutput {
            fetch(remote, tail: tail)
        } else {
            ended(code: code, tail: tail)
        }
    }

    /// The command exited with `code` (its output, and a fetched file, already written).
    func ended(code: Int32, tail: String) {
        if lock.withLock({ timedOut }) {
            finish(.timedOut(seconds: run.timeout ?? 0, stderrTail: tail))
            return
        }
        if let problem {
            finish(.exited(code: code == 0 ? 1 : code, stderrTail: Self.tail(Data((tail + "ess: " + problem).utf8))))
        } else {
            finish(.exited(code: code, stderrTail: tail))
        }
    }

    /// Copies the file the command wrote on the worker to the slice's output on the master.
    private func fetch(_ path: String, tail: String) {
        guard run.output != nil else { return finish(.exited(code: 0, stderrTail: tail)) }
        output.open(run.output)
        headerRead = true
        gate.submit(ChannelMux.Command(scripts.fetch(path), stdout: { [self] in receive($0) }, timeout: 600), urgent: true) { [self] outcome in
            if let failure = outcome.failure { return finish(.lost(reason: failure.description)) }
            let code = outcome.exitSignal.map(SignalNumber.exitCode) ?? outcome.exitCode ?? 255
            if code != 0 { return finish(.exited(code: code, stderrTail: Self.tail(outcome.stderrTail))) }
            if let problem { return finish(.exited(code: 1, stderrTail: "ess: " + problem)) }
            finish(.exited(code: 0, stderrTail: tail))
        }
    }

    func finish(_ result: SliceResult) {
        let first = lock.withLock { () -> Bool in
            defer {
                done = true
                lock.broadcast()
            }
            return !done
        }
        guard first else { return }
        output.close()
        finished(result)
    }

    /// The last `tailLimit` bytes of standard error, as text.
    static func tail(_ bytes: Data) -> String {
        String(decoding: bytes.suffix(tailLimit), as: UTF8.self)
    }

    static let tailLimit = 4096
}
