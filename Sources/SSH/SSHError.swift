/// Why an SSH connection or command failed, for one node, with what to do about it.
public struct SSHError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure; `isTransient` and the advice in `description` follow from it.
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

    public var description: String {
        let why = detail.isEmpty ? "" : " (\(detail))"
        switch kind {
        case .resolve:
            return "could not resolve the address of \(target)\(why); check the node's host name or address in the cluster"
        case .connectionRefused:
            return "\(target) refused the connection\(why); the node may still be booting, or sshd is not running (check `ess cluster status`)"
        case .connectTimeout:
            return "\(target) did not answer in time\(why); the node may still be booting, or a firewall drops the traffic (check `ess cluster status`)"
        case .unreachable:
            return "\(target) is unreachable\(why); the node may still be booting, or its address or the network is wrong (check `ess cluster status`)"
        case .handshake:
            return "the SSH handshake with \(target) failed\(why); the node may still be booting, retry in a moment (check `ess cluster status`)"
        case .hostKeyMismatch(let expected, let actual):
            return "the host key of \(target) changed from \(expected) to \(actual), so nothing was sent; if the node was really replaced, remove it and add it again (`ess cluster remove`, then `ess cluster add`)"
        case .authenticationFailed:
            return "\(target) rejected the user and key\(why); check `user` in .conf/reservation.json and that the key is the one authorized on the node"
        case .channel:
            return "\(target) would not run the command\(why); check that sshd on the node allows sessions (MaxSessions) and that the node is healthy"
        case .timeout:
            return "the command on \(target) did not finish in time\(why); raise the command timeout or check what the node is doing"
        case .disconnected:
            return "\(target) closed the connection\(why); the node may be rebooting, retry in a moment (check `ess cluster status`)"
        case .protocolError:
            return "the SSH conversation with \(target) went wrong\(why); retry, and if it persists check the node's sshd"
        }
    }
}
