import ArgumentParser
import ESSCore
import ESSServer
import Foundation

/// `ess serve`'s options of access and limits: the token (or `--no-auth`), TLS, and how long
/// and how many clients may hold the master. The checks that refuse a dangerous combination
/// run before anything starts.
struct ServeAccessOptions: ParsableArguments {
    @Flag(name: .customLong("no-auth"), help: "Answer without the API token, for clients that cannot send one (loopback --listen only; requests must name the master's own address in Host).")
    var noAuth = false

    @Option(name: .customLong("tls-cert"), help: ArgumentHelp("PEM certificate (chain) the master presents over https; with --tls-key.", valueName: "file"))
    var tlsCert: String?

    @Option(name: .customLong("tls-key"), help: ArgumentHelp("PEM private key of --tls-cert.", valueName: "file"))
    var tlsKey: String?

    @Flag(name: .customLong("insecure-http"), help: "Allow plain HTTP on an address other than loopback: the token and every job then cross the network in clear text.")
    var insecureHTTP = false

    @Option(name: .customLong("read-timeout"), help: ArgumentHelp("Seconds a client has to send a request's header, then its body; idle connections close after it.", valueName: "seconds"))
    var readTimeout: Double = 30

    @Option(name: .customLong("max-connections"), help: ArgumentHelp("Connections open at once; more wait until one closes.", valueName: "n"))
    var maxConnections = 2048

    func validate(host: String) throws {
        let loopback = AccessPolicy.isLoopback(host)
        if (tlsCert == nil) != (tlsKey == nil) {
            throw ValidationError("--tls-cert and --tls-key go together: the certificate and its private key, both PEM files")
        }
        if noAuth && !loopback {
            throw ValidationError("--no-auth is refused with --listen \(host): anyone who can reach that address could run commands on the cluster; listen on 127.0.0.1, or keep the token")
        }
        if insecureHTTP && tlsCert != nil {
            throw ValidationError("--insecure-http and --tls-cert contradict each other: drop --insecure-http to serve https")
        }
        if !loopback && tlsCert == nil && !insecureHTTP {
            throw ValidationError("--listen \(host) is not a loopback address, so the master needs TLS: pass --tls-cert and --tls-key (PEM files), or --insecure-http to send the token in clear text (not recommended)")
        }
        guard readTimeout.isFinite, (0.1...3600).contains(readTimeout) else {
            throw ValidationError("--read-timeout takes seconds from 0.1 to 3600, not \(readTimeout)")
        }
        guard (1...65536).contains(maxConnections) else {
            throw ValidationError("--max-connections takes a number from 1 to 65536, not \(maxConnections)")
        }
    }

    /// Says loudly on stderr what a risky choice exposes.
    func warn(host: String) {
        var lines: [String] = []
        if insecureHTTP && !AccessPolicy.isLoopback(host) {
            lines.append("WARNING: --insecure-http: the master serves plain HTTP on \(host), not loopback: the API token and every job cross the network in clear text, and anyone who sees them can use this master. Serve https with --tls-cert and --tls-key instead.")
        }
        if noAuth {
            lines.append("WARNING: --no-auth: the master asks for no API token; every program on this machine can use it.")
        }
        for line in lines { FileHandle.standardError.write(Data("ess: \(line)\n".utf8)) }
    }

    /// The server's settings, with the token made or read now, and what to say of the token
    /// (its file's path, never the token).
    func settings(host: String, port: Int, directory: String) throws -> (ServerSettings, note: String) {
        let tls = tlsCert.map { ServerSettings.TLSFiles(certificate: Self.absolute($0, directory), key: Self.absolute(tlsKey ?? "", directory)) }
        var settings = ServerSettings(host: host, port: port, access: .open(listeningOn: host), tls: tls, readTimeout: readTimeout, maxConnections: maxConnections)
        do {
            _ = try settings.tlsConfiguration()
        } catch let error as ServerSettings.TLSFileError {
            throw ESSError(.badFile, "the TLS file \(error.path) is \(error.detail); pass the certificate with --tls-cert and its private key with --tls-key, both PEM")
        }
        if noAuth { return (settings, "no API token (--no-auth)") }
        let file = APITokenFile(environment: ProcessInfo.processInfo.environment, directory: directory)
        let (token, made) = try file.ensure()
        settings.access = .token(token)
        return (settings, made ? "made a new API token in \(file.path)" : "API token in \(file.path)")
    }

    /// The same options for a detached `ess serve`, files made absolute.
    func arguments(directory: String) -> [String] {
        var out = ["--read-timeout", String(readTimeout), "--max-connections", String(maxConnections)]
        if noAuth { out.append("--no-auth") }
        if insecureHTTP { out.append("--insecure-http") }
        if let tlsCert, let tlsKey { out += ["--tls-cert", Self.absolute(tlsCert, directory), "--tls-key", Self.absolute(tlsKey, directory)] }
        return out
    }

    static func absolute(_ path: String, _ directory: String) -> String {
        path.hasPrefix("/") ? path : (directory + "/" + path as NSString).standardizingPath
    }
}
