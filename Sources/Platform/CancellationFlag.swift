import Dispatch
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A one-way flag that asks long work to stop: raised by a signal (`trap`) or by a test.
/// Work checks `isCancelled` at its safe points; `sleep` ends early once it is raised, so a
/// wait that sleeps through it notices within the moment.
public final class CancellationFlag: @unchecked Sendable {
    private let condition = NSCondition()
    private var raised = false
    private var sources: [(Int32, DispatchSourceSignal)] = []

    public init() {}

    public var isCancelled: Bool {
        condition.lock()
        defer { condition.unlock() }
        return raised
    }

    public func cancel() {
        condition.lock()
        raised = true
        condition.broadcast()
        condition.unlock()
    }

    /// Sleeps `seconds`, or less when the flag is raised meanwhile. Returns false when it was.
    @discardableResult
    public func sleep(_ seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(max(0, seconds))
        condition.lock()
        defer { condition.unlock() }
        while !raised {
            if !condition.wait(until: deadline) { break }
        }
        return !raised
    }

    /// Runs `body` on its own thread and returns its result, unless the flag is raised first:
    /// then it returns nil at once and leaves `body` to finish (or die with the process).
    public func race<T: Sendable>(_ body: @escaping @Sendable () throws -> T) throws -> T? {
        let box = RaceBox<T>()
        Thread {
            let result = Result { try body() }
            self.condition.lock()
            box.result = result
            self.condition.broadcast()
            self.condition.unlock()
        }.start()
        condition.lock()
        defer { condition.unlock() }
        while !raised && box.result == nil {
            condition.wait()
        }
        guard let result = box.result else { return nil }
        return try result.get()
    }

    /// Raises the flag on these signals instead of letting them end the process: the signal's
    /// default action is ignored and a dispatch source on its own queue sees it. `then` runs on
    /// that queue after each signal (say, to tell the user the work is stopping).
    public func trap(_ signals: [Int32] = [SIGINT], then: (@Sendable (Int32) -> Void)? = nil) {
        let queue = DispatchQueue(label: "ess.signals")
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [weak self] in
                self?.cancel()
                then?(number)
            }
            source.resume()
            condition.lock()
            sources.append((number, source))
            condition.unlock()
        }
    }

    /// Gives the trapped signals their default action back (Ctrl-C ends the process again),
    /// for the part of a command that has nothing left to record.
    public func untrap() {
        condition.lock()
        let trapped = sources
        sources = []
        condition.unlock()
        for (number, source) in trapped {
            source.cancel()
            signal(number, SIG_DFL)
        }
    }
}

/// The outcome of `race`'s body, guarded by the flag's condition.
private final class RaceBox<T: Sendable>: @unchecked Sendable {
    var result: Result<T, Error>?
}
