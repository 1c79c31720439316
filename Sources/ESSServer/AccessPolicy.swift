import Foundation
import JobAPI

/// Who may use the master's API. Every route but `GET /v1` (and its `HEAD`) needs the token,
/// or, with `--no-auth`, a `Host` header naming the master's own (loopback) address, so that a
/// web page cannot reach the master by rebinding its own name to 127.0.0.1.
public enum AccessPolicy: Sendable, CustomStringConvertible {
    /// Requests must carry this token (Bearer, or Basic with it as the user name).
    case token(APIToken)
    /// No token; the `Host` header must name one of these hosts (lowercase, no port, IPv6
    /// without brackets).
    case openOnLoopback(hosts: Set<String>)

    /// `--no-auth` for a master listening on `host`: its own name, and `localhost` with the
    /// loopback literals when it is a loopback address.
    public static func open(listeningOn host: String) -> AccessPolicy {
        let own = host.lowercased()
        var hosts: Set<String> = [own]
        if own == "localhost" || own == "::1" || own.hasPrefix("127.") { hosts.formUnion(["localhost", "127.0.0.1", "::1"]) }
        return .openOnLoopback(hosts: hosts)
    }

    /// Whether `host` (a `--listen` host) is a loopback address: 127.0.0.0/8, ::1, localhost.
    public static func isLoopback(_ host: String) -> Bool {
        let lowered = host.lowercased()
        if lowered == "localhost" || lowered == "::1" { return true }
        let parts = lowered.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    /// The host part of a `Host` header (`127.0.0.1:5678`, `[::1]:5678`, `localhost`), lowercase.
    static func hostName(of header: String) -> String {
        let text = header.trimmingCharacters(in: .whitespaces).lowercased()
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            return String(text[text.index(after: text.startIndex)..<close])
        }
        guard let colon = text.lastIndex(of: ":") else { return text }
        return String(text[..<colon])
    }

    public var description: String {
        switch self {
        case .token: return "token required"
        case .openOnLoopback(let hosts): return "no token; Host must be one of \(hosts.sorted().joined(separator: ", "))"
        }
    }
}
