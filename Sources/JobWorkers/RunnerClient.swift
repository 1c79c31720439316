import Foundation

/// What a slot runner's request reports to: a slice (`RemoteSlice`), or a ping (`RunnerPing`).
/// Called on the mux's thread, in the order the runner wrote.
protocol RunnerClient: AnyObject, Sendable {
    /// The slice's subshell started in the runner's process group.
    func started(group: Int32)
    /// Bytes of the slice's output.
    func runnerOutput(_ bytes: UnsafeRawBufferPointer)
    /// The request ended with `code`; `tail`: its standard error's end.
    func ended(code: Int32, tail: String)
    /// The runner's channel ended after the request started.
    func runnerGone(reason: String, signal: String?)
    /// The runner's channel ended before the request started.
    func fallBackToChannel()
}

/// A short request to a runner that is not a slice (a ping, removing an execution's folder):
/// `done` hears its exit code once, or nil when the runner ended first.
final class RunnerErrand: RunnerClient, @unchecked Sendable {
    private let lock = NSLock()
    private var done: (@Sendable (Int32?) -> Void)?

    init(done: @escaping @Sendable (Int32?) -> Void) {
        self.done = done
    }

    /// A ping: starts nothing on the node; the runner answers it at once with exit 0, which
    /// proves the connection and the runner alive (`WorkerScripts.runner` answers `p`).
    static let ping = "p\n"

    private func settle(_ code: Int32?) {
        let call: (@Sendable (Int32?) -> Void)? = lock.withLock {
            defer { done = nil }
            return done
        }
        call?(code)
    }

    func started(group: Int32) {}
    func runnerOutput(_ bytes: UnsafeRawBufferPointer) {}
    func ended(code: Int32, tail: String) { settle(code) }
    func runnerGone(reason: String, signal: String?) { settle(nil) }
    func fallBackToChannel() { settle(nil) }
}
