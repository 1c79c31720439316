import AWSCore
import AWSSigV4
import Foundation

/// Where one S3 request goes, from the endpoint and the addressing style: the scheme, the host
/// (`bucket.s3.REGION.amazonaws.com` virtual-hosted, the endpoint's own path-style, with a port
/// that is not the scheme's default), and the path unencoded (`/key` or `/bucket/key`) as the
/// signer takes it. A pure value, so the tests check both styles without a server.
///
/// A bucket whose name cannot be a DNS label under TLS (one with a dot, as `logs.example`, or
/// upper case) goes path-style whatever the style, as the AWS SDKs' `auto` does: the wildcard
/// certificate `*.s3.amazonaws.com` does not cover it.
public struct S3Target: Sendable, Equatable {
    public var scheme: String
    /// The `Host` header: host, and `:port` when the port is not the scheme's default.
    public var host: String
    /// Unencoded, starting with `/`.
    public var path: String

    public init(endpoint: URL, style: S3AddressingStyle, bucket: String, key: String?) {
        scheme = endpoint.scheme?.lowercased() ?? "https"
        let defaultPort = scheme == "https" ? 443 : 80
        let port = endpoint.port.flatMap { $0 == defaultPort ? nil : ":\($0)" } ?? ""
        let endpointHost = endpoint.host ?? ""
        var base = endpoint.path
        while base.hasSuffix("/") { base.removeLast() }
        let objectPath = key.map { "/\($0)" } ?? ""
        if style == .virtualHosted && Self.isVirtualHostable(bucket) {
            host = "\(bucket).\(endpointHost)\(port)"
            path = base + (objectPath.isEmpty ? "/" : objectPath)
        } else {
            host = "\(endpointHost)\(port)"
            path = "\(base)/\(bucket)\(objectPath)"
        }
    }

    /// The path as sent: each segment percent-encoded once (S3's rule), `/` kept.
    public var encodedPath: String { SigV4Encoding.uriEncode(path, keepSlash: true) }

    /// The URL of a request with this raw (already encoded) query.
    public func url(query: String) -> URL {
        URL(string: "\(scheme)://\(host)\(encodedPath)" + (query.isEmpty ? "" : "?\(query)"))!
    }

    /// Lower-case letters, digits and `-` only, as a DNS label must be.
    static func isVirtualHostable(_ bucket: String) -> Bool {
        !bucket.isEmpty && bucket.utf8.count <= 63 && bucket.first != "-" && bucket.last != "-"
            && bucket.allSatisfy { ($0.isLowercase || $0.isNumber || $0 == "-") && $0.isASCII }
    }
}
