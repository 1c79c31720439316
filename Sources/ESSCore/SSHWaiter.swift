import ClusterModel
import Foundation
import Platform

/// How one node's wait for SSH ended.
public enum SSHWaitOutcome: Sendable, Equatable {
    /// It answered with this host key.
    case answered(hostKey: PinnedHostKey)
    /// It refused us for a reason waiting will not change.
    case refused(reason: String)
    /// It did not answer within `waited` seconds; `lastError` is the last transient failure.
    case timedOut(waited: Int, lastError: String)

    /// The lifecycle event this outcome is.
    public var event: NodeEvent {
        switch self {
        case .answered(let key): return .sshAnswered(hostKey: key)
        case .refused(let reason): return .sshRefused(reason: reason)
        case .timedOut(let waited, let last): return .sshTimedOut(waited: waited, lastError: last)
        }
    }
}

/// Waits until one node answers SSH, on its own deadline. Unanswered knocks are retried with a
/// growing pause (the node may still be booting); a refusal ends the wait at once.
public struct SSHWaiter: Sendable {
    public let access: NodeAccess
    public let connector: any NodeConnector
    public let clock: any WaitClock
    public let timeout: TimeInterval
    public let cancellation: CancellationFlag

    public init(access: NodeAccess, connector: any NodeConnector, clock: any WaitClock, timeout: TimeInterval, cancellation: CancellationFlag) {
        self.access = access
        self.connector = connector
        self.clock = clock
        self.timeout = timeout
        self.cancellation = cancellation
    }

    public func wait(for node: Node) -> SSHWaitOutcome {
        let deadline = clock.now().addingTimeInterval(timeout)
        var pause = 0.05
        var last = "no attempt was made"
        while true {
            switch connector.knock(node, access: access) {
            case .answered(let key): return .answered(hostKey: key)
            case .refused(let reason): return .refused(reason: reason)
            case .unanswered(let reason): last = reason
            }
            if clock.now().addingTimeInterval(pause) >= deadline || cancellation.isCancelled {
                return .timedOut(waited: Int(timeout), lastError: last)
            }
            clock.sleep(pause, cancellation: cancellation)
            pause = min(pause * 2, 1.0)
        }
    }
}
