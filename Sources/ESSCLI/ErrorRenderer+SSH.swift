import SSH

/// Words what the SSH layer reports (the kind of failure, the target, libssh2's detail) with
/// what to do about a node in that state.
extension ErrorRenderer {
    static func message(for error: SSHError) -> String {
        let status = "check `ess cluster status`"
        let advice: String
        switch error.kind {
        case .resolve: advice = "check the node's host name or address in the cluster"
        case .connectionRefused: advice = "the node may still be booting, or sshd is not running (\(status))"
        case .connectTimeout: advice = "the node may still be booting, or a firewall drops the traffic (\(status))"
        case .unreachable: advice = "the node may still be booting, or its address or the network is wrong (\(status))"
        case .handshake: advice = "the node may still be booting, retry in a moment (\(status))"
        case .hostKeyMismatch:
            advice = "if the node was really replaced, remove it and add it again (`ess cluster remove`, then `ess cluster add`)"
        case .authenticationFailed:
            advice = "check `user` in .conf/reservation.json and that the key is the one authorized on the node"
        case .channel: advice = "check that sshd on the node allows sessions (MaxSessions) and that the node is healthy"
        case .timeout: advice = "raise the command timeout (--timeout) or check what the node is doing"
        case .disconnected: advice = "the node may be rebooting, retry in a moment (\(status))"
        case .protocolError: advice = "retry, and if it persists check the node's sshd"
        }
        return "\(error.description); \(advice)"
    }
}
