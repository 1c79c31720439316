import Foundation
import SSH

/// One long-lived runner on a worker (`WorkerScripts.runner`): one exec channel, kept open with
/// its connection across executions, that runs the slices sent to it one at a time. Requests go in on the channel's
/// standard input; `RunnerFrames` reads what comes back and hands it to the slice.
///
/// `send` is called from the controller's side; everything else on the mux's thread.
final class SlotRunner: @unchecked Sendable {
    /// What the pool hears from a runner.
    enum Report {
        /// Its slice ended; it takes another.
        case idle
        /// Its channel ended; `useless`: before it started any slice (a runner KILLed with its
        /// first slice is not useless: a timeout or a stop ended it).
        case gone(useless: Bool)
    }

    private let mux: ChannelMux
    private let report: @Sendable (SlotRunner, Report) -> Void
    let token: String
    private let lock = NSLock()
    private var requests: [Data] = []
    private var retiring = false
    private var slice: (any RunnerClient)?
    // Touched only on the mux's thread.
    private var frames: RunnerFrames
    private var started = false
    private var ranAny = false
    private var tail: [UInt8] = []

    init(mux: ChannelMux, report: @escaping @Sendable (SlotRunner, Report) -> Void) {
        self.mux = mux
        self.report = report
        token = "ess-" + (0..<4).map { _ in String(UInt32.random(in: .min ... .max), radix: 16) }.joined()
        frames = RunnerFrames(token: token)
    }

    /// Opens the runner's channel through `gate`, running `command` (`WorkerScripts.runner`).
    func open(through gate: ChannelGate, command: String) {
        let command = ChannelMux.Command(
            command, stdin: { [self] in nextRequest() }, stdout: { [self] in try receive($0) }, timeout: nil)
        gate.submit(command) { [self] in ended($0) }
    }

    /// Sends `request` for `slice`; the runner must be idle.
    func send(_ request: String, for slice: any RunnerClient) {
        lock.withLock {
            self.slice = slice
            requests.append(Data(request.utf8))
        }
        mux.nudge()
    }

    /// Ends the runner once it is idle: its input ends, so it exits.
    func retire() {
        lock.withLock { retiring = true }
        mux.nudge()
    }

    private func nextRequest() -> Data? {
        lock.withLock {
            if !requests.isEmpty { return requests.removeFirst() }
            return retiring ? nil : Data()
        }
    }

    private func receive(_ bytes: UnsafeRawBufferPointer) throws {
        for event in frames.feed(bytes) {
            let current = lock.withLock { slice }
            switch event {
            case .started(let group):
                started = true
                tail = []
                current?.started(group: group)
            case .output(let bytes):
                bytes.withUnsafeBytes { current?.runnerOutput($0) }
            case .outputEnded:
                break
            case .stderr(let bytes):
                tail = Array((tail + bytes).suffix(RemoteSlice.tailLimit))
            case .exited(let code):
                lock.withLock { slice = nil }
                started = false
                ranAny = true
                report(self, .idle)
                current?.ended(code: code, tail: String(decoding: tail, as: UTF8.self))
            case .garbled(let line):
                throw RunnerError.garbled(line)
            }
        }
    }

    /// The channel ended: a slice it had started ends as its end request or its loss says; one
    /// it had not started runs on a channel of its own.
    private func ended(_ outcome: ChannelMux.Outcome) {
        let current: (any RunnerClient)? = lock.withLock {
            defer { slice = nil }
            return slice
        }
        report(self, .gone(useless: !ranAny && !started))
        guard let current else { return }
        if started {
            let why = outcome.failure?.description ?? "the slice runner on \(mux.target) ended (\(RemoteSlice.tail(outcome.stderrTail)))"
            current.runnerGone(reason: why, signal: outcome.exitSignal)
        } else {
            current.fallBackToChannel()
        }
    }
}

/// A runner wrote what it should not have: its channel is ended and its slice lost.
struct RunnerError: Error, CustomStringConvertible {
    let line: String
    static func garbled(_ line: String) -> RunnerError { RunnerError(line: line) }
    var description: String { "the slice runner wrote an unexpected line: \(line.prefix(80))" }
}
