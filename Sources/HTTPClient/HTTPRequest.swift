import Foundation

/// One HTTP request, as the transport sends it.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: URL
    /// In the order given; names are sent as written.
    public var headers: [(name: String, value: String)]
    public var body: Data
    /// Addresses to use for the URL's host instead of resolving it again (curl's `host:port:address`
    /// entries), so that the address a caller checked is the one connected to.
    public var pinned: [String] = []

    public init(method: String, url: URL, headers: [(name: String, value: String)] = [], body: Data = Data()) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// `host` or `host:port` when the port is not the scheme's default: the `Host` header.
    public var hostHeader: String {
        let host = url.host ?? ""
        guard let port = url.port else { return host }
        let defaultPort = url.scheme?.lowercased() == "https" ? 443 : 80
        return port == defaultPort ? host : "\(host):\(port)"
    }
}

/// One HTTP response.
public struct HTTPResponse: Sendable {
    public var status: Int
    /// Header names lowercased; a repeated header keeps its last value.
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// Sends requests; any HTTP status is a response, only a failure to exchange one throws
/// (`HTTPTransportError`).
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest) throws -> HTTPResponse
}
