import Foundation

/// How one node's part of a fan-out command ended.
public struct NodeOutcome: Sendable {
    public var nodeID: String
    /// The remote command's exit status; nil when it never ran to the end (see `error`).
    public var exitCode: Int32?
    public var stdout: Data
    public var stderr: Data
    /// Why the node failed when it did not just exit non-zero: a connection error, a timeout, a local file problem.
    public var error: String?
    /// What happened, in a few words, for commands that do more than run (`sync`: "installed 1.2 (was 1.1)").
    public var summary: String?
    /// The software version the node has afterwards, when the command learnt it.
    public var version: String?
    /// True when the node could not be reached at all (connect, handshake or login failed).
    public var unreachable = false

    public init(nodeID: String, exitCode: Int32? = nil, stdout: Data = Data(), stderr: Data = Data(), error: String? = nil) {
        self.nodeID = nodeID
        self.exitCode = exitCode
        self.stdout = stdout
        self.stderr = stderr
        self.error = error
    }

    public var failed: Bool { error != nil || exitCode != 0 }

    /// The reason shown in a failure summary: the error, or the exit code and the last stderr line.
    public var reason: String {
        if let error { return error }
        let last = String(decoding: stderr, as: UTF8.self).split(separator: "\n").last.map { ": \($0.prefix(200))" } ?? ""
        return "exit code \(exitCode.map(String.init) ?? "?")\(last)"
    }
}
