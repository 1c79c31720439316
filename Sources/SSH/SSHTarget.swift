/// Where to connect: a host (name or address), its SSH port, and the user to log in as.
public struct SSHTarget: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var user: String

    public init(host: String, port: Int = 22, user: String) {
        self.host = host
        self.port = port
        self.user = user
    }

    /// `user@host:port`, the form every message uses to name a node.
    public var description: String { "\(user)@\(host):\(port)" }
}
