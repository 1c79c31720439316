/// Why an SSH connection or command failed, for one node: the kind, the node and the
/// libssh2 or system message. The application words the advice.
public struct SSHError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure; `isTransient` follows from it.
    public enum Kind: Sendable, Equatable {
        case resolve
        case connectionRefused
        case connectTimeout
        case unreachable
        case handshake
        case hostKeyMismatch(expected: String, actual: String)
        case authenticationFailed
        case channel
        case timeout
        case disconnected
        case protocolError
    }

    public var kind: Kind
    /// The node, as `user@host:port`.
    public var target: String
    /// The libssh2 message or errno text behind the failure.
    public var detail: String
    /// true when the node may simply still be booting: refused, connect timeout, unreachable, early disconnect/handshake reset.
    public var isTransient: Bool

    /// `isTransient` defaults to what `kind` implies; pass it to override (a handshake cut by a reset is transient, one with no common algorithm is not).
    public init(kind: Kind, target: String, detail: String, isTransient: Bool? = nil) {
        self.kind = kind
        self.target = target
        self.detail = detail
        self.isTransient = isTransient ?? Self.transient(kind)
    }

    private static func transient(_ kind: Kind) -> Bool {
        switch kind {
        case .connectionRefused, .connectTimeout, .unreachable, .handshake, .disconnected: true
        case .resolve, .hostKeyMismatch, .authenticationFailed, .channel, .timeout, .protocolError: false
        }
    }

    /// What happened, as facts (the node, the failure, libssh2's or the system's words); what
    /// to do about it is the application's to say.
    public var description: String {
        let why = detail.isEmpty ? "" : " (\(detail))"
        switch kind {
        case .resolve: return "could not resolve the address of \(target)\(why)"
        case .connectionRefused: return "\(target) refused the connection\(why)"
        case .connectTimeout: return "\(target) did not answer in time\(why)"
        case .unreachable: return "\(target) is unreachable\(why)"
        case .handshake: return "the SSH handshake with \(target) failed\(why)"
        case .hostKeyMismatch(let expected, let actual):
            return "the host key of \(target) changed from \(expected) to \(actual), so nothing was sent"
        case .authenticationFailed: return "\(target) rejected the user and key\(why)"
        case .channel: return "\(target) would not run the command\(why)"
        case .timeout: return "the command on \(target) did not finish in time\(why)"
        case .disconnected: return "\(target) closed the connection\(why)"
        case .protocolError: return "the SSH conversation with \(target) went wrong\(why)"
        }
    }
}
