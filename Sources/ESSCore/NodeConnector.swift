import ClusterModel
import Foundation

/// One attempt to reach a node over SSH, as a fact.
public enum SSHKnock: Sendable, Equatable {
    /// It answered and let us in; this is its host key.
    case answered(PinnedHostKey)
    /// It will not let us in, and waiting will not change that (wrong key or user, changed host key).
    case refused(String)
    /// No answer yet (refused connection, timeout, reset): it may still be booting.
    case unanswered(String)
}

/// How the core reaches nodes over SSH: libssh2 in production (`LibSSH2Connector`), a script in tests.
/// Calls block; make them from OS threads, never from the Swift concurrency pool.
public protocol NodeConnector: Sendable {
    /// Connects, authenticates and hangs up: one attempt.
    func knock(_ node: Node, access: NodeAccess) -> SSHKnock
    /// Connects and runs `command` (the status probe), one attempt; the reading says what it found.
    func read(_ node: Node, access: NodeAccess, command: String) -> NodeReading
}
