import CLibSSH2

extension SSHError {
    /// The error a negative libssh2 return code stands for, given what the session was doing.
    init(libssh2Code code: Int32, phase: Session.Phase, target: String, message: String) {
        let detail = message.isEmpty ? "libssh2 error \(code)" : message
        let handshaking = phase == .handshake
        switch code {
        case LIBSSH2_ERROR_SOCKET_DISCONNECT, LIBSSH2_ERROR_SOCKET_RECV, LIBSSH2_ERROR_SOCKET_SEND,
             LIBSSH2_ERROR_BANNER_RECV, LIBSSH2_ERROR_BANNER_SEND, LIBSSH2_ERROR_BAD_SOCKET,
             LIBSSH2_ERROR_SOCKET_NONE:
            self.init(kind: handshaking ? .handshake : .disconnected, target: target, detail: detail)
        case LIBSSH2_ERROR_TIMEOUT, LIBSSH2_ERROR_SOCKET_TIMEOUT:
            self.init(kind: handshaking ? .connectTimeout : .timeout, target: target, detail: detail)
        case LIBSSH2_ERROR_KEX_FAILURE, LIBSSH2_ERROR_KEY_EXCHANGE_FAILURE:
            // A node resetting the connection mid-kex looks like this too.
            self.init(kind: .handshake, target: target, detail: detail, isTransient: true)
        case LIBSSH2_ERROR_METHOD_NONE, LIBSSH2_ERROR_HOSTKEY_INIT, LIBSSH2_ERROR_HOSTKEY_SIGN:
            self.init(kind: .handshake, target: target, detail: detail, isTransient: false)
        case LIBSSH2_ERROR_AUTHENTICATION_FAILED, LIBSSH2_ERROR_PUBLICKEY_UNVERIFIED, LIBSSH2_ERROR_FILE,
             LIBSSH2_ERROR_KEYFILE_AUTH_FAILED, LIBSSH2_ERROR_AGENT_PROTOCOL, LIBSSH2_ERROR_PASSWORD_EXPIRED,
             LIBSSH2_ERROR_PUBLICKEY_PROTOCOL:
            self.init(kind: .authenticationFailed, target: target, detail: detail)
        case LIBSSH2_ERROR_CHANNEL_OUTOFORDER, LIBSSH2_ERROR_CHANNEL_FAILURE, LIBSSH2_ERROR_CHANNEL_REQUEST_DENIED,
             LIBSSH2_ERROR_CHANNEL_UNKNOWN, LIBSSH2_ERROR_CHANNEL_WINDOW_EXCEEDED,
             LIBSSH2_ERROR_CHANNEL_PACKET_EXCEEDED, LIBSSH2_ERROR_CHANNEL_CLOSED, LIBSSH2_ERROR_CHANNEL_EOF_SENT,
             LIBSSH2_ERROR_CHANNEL_WINDOW_FULL, LIBSSH2_ERROR_REQUEST_DENIED:
            self.init(kind: .channel, target: target, detail: detail)
        default:
            self.init(kind: phase == .authentication ? .authenticationFailed : .protocolError, target: target, detail: detail)
        }
    }
}
