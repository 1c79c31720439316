/// Time limits for a connection, in seconds.
public struct SSHOptions: Sendable {
    /// Bound on the TCP connect and, separately, on the SSH handshake plus authentication.
    public var connectTimeout: Double
    /// Bound on one `exec`: the whole command for `exec(_:stdin:)`, the longest stall (no byte moved either way) for streaming input.
    public var commandTimeout: Double

    public init(connectTimeout: Double = 5, commandTimeout: Double = 120) {
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
    }
}
