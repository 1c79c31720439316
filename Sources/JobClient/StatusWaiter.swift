import Foundation
import JobModel

/// Polls an execution's status with exponential backoff until it is one of `wanted`, ends in
/// another terminal status, or `timeout` passes, as `teraslice-cli jobs await` does. The status
/// read, the clock and the sleep come in as closures.
public struct StatusWaiter: Sendable {
    /// How the wait ended, with the last status seen.
    public enum Outcome: Sendable, Equatable {
        case reached(String)
        /// A terminal status that is not among those wanted: it will never change again.
        case endedElsewhere(String)
        case timedOut(last: String?, after: Double)
    }

    public var wanted: Set<String>
    public var timeout: Double?
    public var backoff = ExponentialBackoff.polling
    public var now: @Sendable () -> Date = { Date() }
    public var sleep: @Sendable (Double) -> Void = { Thread.sleep(forTimeInterval: $0) }

    public init(wanted: Set<String>, timeout: Double?) {
        self.wanted = wanted
        self.timeout = timeout
    }

    /// `read` answers the current status; its errors end the wait.
    public func wait(_ read: () throws -> String) throws -> Outcome {
        let start = now()
        var attempt = 0
        var last: String?
        while true {
            let status = try read()
            last = status
            if wanted.contains(status) { return .reached(status) }
            if ExecutionStatus(rawValue: status)?.isTerminal == true { return .endedElsewhere(status) }
            let elapsed = now().timeIntervalSince(start)
            var delay = backoff.delay(after: attempt)
            if let timeout {
                guard elapsed < timeout else { return .timedOut(last: last, after: timeout) }
                delay = min(delay, timeout - elapsed)
            }
            sleep(delay)
            attempt += 1
        }
    }
}
