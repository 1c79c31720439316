import Foundation
import HummingbirdTLS

/// How the master listens: its address, who may use it, TLS, and the limits that keep slow or
/// abusive clients from taking it down.
public struct ServerSettings: Sendable {
    /// PEM files: the certificate chain the master presents, and its private key.
    public struct TLSFiles: Sendable, Equatable {
        public var certificate: String
        public var key: String

        public init(certificate: String, key: String) {
            self.certificate = certificate
            self.key = key
        }
    }

    /// A TLS file that cannot be used: its path and what went wrong (never its contents).
    public struct TLSFileError: Error, Sendable, Equatable {
        public var path: String
        public var detail: String
    }

    public var host: String
    /// 0: any free one.
    public var port: Int
    public var access: AccessPolicy
    /// nil: plain HTTP.
    public var tls: TLSFiles?
    /// Seconds a client has to send a request's header, and then its whole body; a kept-alive
    /// connection idle this long is closed.
    public var readTimeout: Double
    /// Connections open at once; further ones wait in the listener's backlog until one closes.
    public var maxConnections: Int
    /// Failed authentications a client address may make before it is answered 429.
    public var failureLimit: FailureLimit

    public init(
        host: String, port: Int, access: AccessPolicy, tls: TLSFiles? = nil, readTimeout: Double = 30, maxConnections: Int = 2048,
        failureLimit: FailureLimit = .flood
    ) {
        self.host = host
        self.port = port
        self.access = access
        self.tls = tls
        self.readTimeout = readTimeout
        self.maxConnections = maxConnections
        self.failureLimit = failureLimit
    }

    /// The server's TLS configuration from the PEM files; nil for plain HTTP.
    public func tlsConfiguration() throws -> TLSConfiguration? {
        guard let tls else { return nil }
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(tls.certificate)
        } catch {
            throw TLSFileError(path: tls.certificate, detail: "not a readable PEM certificate (\(error))")
        }
        guard !chain.isEmpty else { throw TLSFileError(path: tls.certificate, detail: "holds no PEM certificate") }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(file: tls.key, format: .pem)
        } catch {
            throw TLSFileError(path: tls.key, detail: "not a readable PEM private key")
        }
        return TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
    }

    /// The URL clients use: `http(s)://host:port`, IPv6 in brackets.
    public func url(port bound: Int) -> String {
        "\(tls == nil ? "http" : "https")://\(host.contains(":") ? "[\(host)]" : host):\(bound)"
    }
}
