import Foundation

/// The proxy to use, read from an environment the caller passes in (so tests can give one):
/// `HTTPS_PROXY`/`https_proxy` for https URLs, `HTTP_PROXY`/`http_proxy` for http URLs, and
/// `NO_PROXY`/`no_proxy` for the hosts to reach directly. Upper case wins when both are set.
public struct ProxySettings: Sendable, Equatable {
    public var httpsProxy: String?
    public var httpProxy: String?
    public var noProxy: String?

    public init(httpsProxy: String? = nil, httpProxy: String? = nil, noProxy: String? = nil) {
        self.httpsProxy = httpsProxy
        self.httpProxy = httpProxy
        self.noProxy = noProxy
    }

    public init(environment: [String: String]) {
        func value(_ names: String...) -> String? {
            names.lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
        }
        httpsProxy = value("HTTPS_PROXY", "https_proxy")
        httpProxy = value("HTTP_PROXY", "http_proxy")
        noProxy = value("NO_PROXY", "no_proxy")
    }

    /// The proxy for this URL's scheme, or nil to connect directly.
    public func proxy(for url: URL) -> String? {
        url.scheme?.lowercased() == "https" ? httpsProxy : httpProxy
    }
}
