import Foundation
import JobModel
import Jobs
import SSH

/// One worker for one execution: one SSH connection (a `WorkerSession`) for the whole execution,
/// run in the execution's folder on the worker with the synced software on its PATH
/// (`WorkerScripts`). A slice without standard input goes to one of the connection's slot
/// runners (one long-lived exec channel per slot, `RunnerPool`, kept with the connection); one
/// with input streams it on an exec channel of its own. A session leased from the master's
/// `WorkerConnections` goes back there, runners and all, when the link closes once its slices
/// and commands have ended (else it is closed).
public final class SSHWorkerLink: WorkerLink, @unchecked Sendable {
    public let name: String
    public let slots: Int
    /// The folder and scripts this execution uses on the worker.
    public let scripts: WorkerScripts
    private let session: WorkerSession
    private var gate: ChannelGate { session.gate }
    private let runners: RunnerPool
    /// Takes the session back when the link closes with it open and quiet, or hears nil when the
    /// link closed it itself; nil: the link closes it and tells no one.
    private let giveBack: (@Sendable (WorkerSession?) -> Void)?
    /// Told once, as the link starts letting go, that the session is on its way back.
    private let willReturn: (@Sendable () -> Void)?
    private let lock = NSLock()
    private var closed = false
    private var announced = false

    /// Takes the session over; `close()` closes it, or hands it to `giveBack` once nothing of
    /// this execution runs on it.
    init(
        name: String, slots: Int, scripts: WorkerScripts, session: WorkerSession, giveBack: (@Sendable (WorkerSession?) -> Void)? = nil,
        willReturn: (@Sendable () -> Void)? = nil
    ) {
        self.name = name
        self.slots = max(1, slots)
        self.scripts = scripts
        self.session = session
        self.giveBack = giveBack
        self.willReturn = willReturn
        runners = session.runners(current: scripts.current, slots: max(1, slots))
    }

    /// Seconds a closing link waits for its slices and commands to end before it closes a
    /// leased connection instead of giving it back.
    static let quietWait = 2.0

    /// Channels at once the node allowed when it refused one (sshd's `MaxSessions`); nil while
    /// none was refused. Slices beyond it wait on the master for a channel to close.
    public var sessionLimit: Int? { gate.learnedLimit }

    public func start(_ run: SliceRun, finished: @escaping @Sendable (SliceResult) -> Void) -> any SliceHandle {
        let slice = RemoteSlice(run: run, scripts: scripts, gate: gate, finished: finished)
        slice.launch(on: runners)
        return slice
    }

    /// Runs the glob on the worker (from its home) and returns the regular files it matches, sorted.
    /// Blocks the calling thread (never call it from the Swift concurrency pool).
    public func list(_ pattern: String) throws -> [String] {
        let (outcome, bytes) = try run(WorkerScripts.list(pattern), timeout: 60)
        let code = outcome.exitSignal.map(SignalNumber.exitCode) ?? outcome.exitCode ?? 255
        guard code == 0 else {
            throw WorkerSourceError.listFailed(node: name, pattern: pattern, reason: "exit \(code): \(RemoteSlice.tail(outcome.stderrTail))")
        }
        return bytes.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }.sorted()
    }

    /// Runs a short command on the connection and waits for it; its output gathered whole.
    /// Blocks the calling thread; throws the connection's failure.
    public func run(_ command: String, timeout: Double) throws -> (ChannelMux.Outcome, Data) {
        let gathered = Gathered()
        gate.submit(ChannelMux.Command(command, stdout: { gathered.append($0) }, timeout: timeout)) { gathered.finish($0) }
        let outcome = gathered.wait()
        if let failure = outcome.failure { throw failure }
        return (outcome, gathered.bytes)
    }

    public func removeFolder() {
        _ = try? run(WorkerScripts.remove(scripts.folder), timeout: 10)
    }

    /// Removes the folder without blocking the caller (through an idle runner, else on a channel
    /// of its own: its command goes out at once), then, once it is gone, closes the link on a
    /// thread of its own and calls `done`. Without `removingFolder` (the execution did not complete) the
    /// connection's runners end too: only a completed execution leaves them warm.
    public func release(removingFolder: Bool, done: @escaping @Sendable () -> Void) {
        announceReturn()
        let close: @Sendable () -> Void = { [self] in
            Thread.detachNewThread {
                self.close()
                done()
            }
        }
        guard removingFolder else {
            // The execution did not complete: its runners end with it.
            session.retireRunners()
            return close()
        }
        if runners.remove(scripts.folder, done: close) { return }
        gate.submit(ChannelMux.Command(WorkerScripts.remove(scripts.folder), timeout: 10)) { _ in close() }
    }

    public func close() {
        let first: Bool = lock.withLock {
            defer { closed = true }
            return !closed
        }
        guard first else { return }
        announceReturn()
        if let giveBack, session.awaitQuiet(seconds: Self.quietWait) {
            giveBack(session)
        } else {
            session.close()
            giveBack?(nil)
        }
    }

    /// Tells `willReturn` once that the connection is on its way back.
    private func announceReturn() {
        let first: Bool = lock.withLock {
            defer { announced = true }
            return !announced
        }
        if first { willReturn?() }
    }
}

/// One command's output and outcome, handed from the mux's thread to a waiting one.
final class Gathered: @unchecked Sendable {
    private let condition = NSCondition()
    private var data = Data()
    private var outcome: ChannelMux.Outcome?

    func append(_ bytes: UnsafeRawBufferPointer) { condition.withLock { data.append(contentsOf: bytes) } }

    func finish(_ outcome: ChannelMux.Outcome) {
        condition.withLock {
            self.outcome = outcome
            condition.broadcast()
        }
    }

    var bytes: Data { condition.withLock { data } }

    func wait() -> ChannelMux.Outcome {
        condition.withLock {
            while outcome == nil { condition.wait() }
            return outcome!
        }
    }
}
