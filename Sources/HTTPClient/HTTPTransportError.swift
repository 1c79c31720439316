/// A request that got no HTTP response: what failed, where, and curl's own words.
public struct HTTPTransportError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The host name (or the proxy's) did not resolve.
        case resolve
        /// Nothing accepted the connection.
        case connect
        /// The connect or overall timeout passed.
        case timeout
        /// The TLS handshake or the peer's certificate failed.
        case tls
        /// The connection broke while sending or receiving.
        case connectionLost
        /// Anything else curl reported.
        case other
    }

    public var kind: Kind
    /// The URL asked for, without query.
    public var url: String
    /// curl's error text, e.g. `Failed to connect to 127.0.0.1 port 9: Connection refused`.
    public var detail: String
    /// curl's numeric code, for the log.
    public var code: Int

    public init(kind: Kind, url: String, detail: String, code: Int) {
        self.kind = kind
        self.url = url
        self.detail = detail
        self.code = code
    }

    /// Connection-level failures that a retry may fix.
    public var isConnectionFailure: Bool { kind != .other && kind != .tls }

    public var description: String {
        switch kind {
        case .resolve: return "could not resolve the host of \(url) (\(detail))"
        case .connect: return "could not connect to \(url) (\(detail))"
        case .timeout: return "\(url) did not answer in time (\(detail))"
        case .tls: return "the TLS connection to \(url) failed (\(detail))"
        case .connectionLost: return "the connection to \(url) broke (\(detail))"
        case .other: return "the request to \(url) failed (\(detail))"
        }
    }
}
