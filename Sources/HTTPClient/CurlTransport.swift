import Foundation

/// The libcurl transport: one easy handle (so one kept-alive connection) per endpoint,
/// guarded by a lock so that one `CurlTransport` can be shared between threads. Requests
/// through one transport are therefore sent one at a time.
public final class CurlTransport: HTTPTransport, @unchecked Sendable {
    public let connectTimeout: Double
    public let timeout: Double
    public let proxy: ProxySettings
    /// A PEM file of the certificates to trust for https, instead of the system's; nil: the system's.
    public let caFile: String?
    private let lock = NSLock()
    /// Guarded by `lock`: the handle and the scheme+host+port it was made for.
    private var current: (key: String, handle: CurlEasyHandle)?

    /// `connectTimeout` and `timeout` (the whole exchange) in seconds; `environment` is read for
    /// the proxy variables only.
    public convenience init(connectTimeout: Double = 10, timeout: Double = 60, environment: [String: String]) {
        self.init(connectTimeout: connectTimeout, timeout: timeout, proxy: ProxySettings(environment: environment))
    }

    public init(connectTimeout: Double = 10, timeout: Double = 60, proxy: ProxySettings, caFile: String? = nil) {
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.proxy = proxy
        self.caFile = caFile
    }

    public func send(_ request: HTTPRequest) throws -> HTTPResponse {
        lock.lock()
        defer { lock.unlock() }
        let key = "\(request.url.scheme ?? "")://\(request.hostHeader)"
        if current?.key != key {
            current = (key, try CurlEasyHandle(connectTimeout: connectTimeout, timeout: timeout, proxy: proxy, caFile: caFile, url: request.url))
        }
        return try current!.handle.perform(request)
    }
}
