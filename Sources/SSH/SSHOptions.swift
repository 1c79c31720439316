/// Time limits for a connection, in seconds, and the algorithms to try first.
public struct SSHOptions: Sendable {
    /// Bound on the TCP connect and, separately, on the SSH handshake plus authentication.
    public var connectTimeout: Double
    /// Bound on one `exec`: the whole command for `exec(_:stdin:)`, the longest stall (no byte moved either way) for streaming input.
    public var commandTimeout: Double
    /// Ciphers to put before the built-in preference (for measuring them); unsupported ones are skipped.
    public var preferredCiphers: [String]
    /// MACs to put before the built-in preference; unsupported ones are skipped.
    public var preferredMACs: [String]
    /// Seconds a connection may be silent before the kernel probes the node (TCP keepalive,
    /// then every third of it); a node that answers none of 3 probes, or leaves sent data
    /// unacknowledged for twice this long, is taken as gone and the connection fails, so a
    /// machine that vanished (no FIN, no RST) does not hang its commands forever. 0: off.
    public var keepalive: Double

    public init(
        connectTimeout: Double = 5, commandTimeout: Double = 120, preferredCiphers: [String] = [], preferredMACs: [String] = [],
        keepalive: Double = 15
    ) {
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.preferredCiphers = preferredCiphers
        self.preferredMACs = preferredMACs
        self.keepalive = keepalive
    }
}
