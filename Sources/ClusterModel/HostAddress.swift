/// Light checks on addresses that come from hand-edited files.
public enum HostAddress {
    /// An IPv4/IPv6 literal or a DNS name: no spaces, no shell or path characters.
    public static func isPlausible(_ address: String) -> Bool {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:")
        return !address.isEmpty && address.count <= 253 && address.allSatisfy { allowed.contains($0) }
            && !address.hasPrefix("-")
    }

    /// Splits `host:port` (or `[v6]:port`); a bare host gets `defaultPort`.
    public static func split(_ text: String, defaultPort: Int = 22) -> (host: String, port: Int)? {
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            let host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            if rest.isEmpty { return (host, defaultPort) }
            guard rest.hasPrefix(":"), let port = Int(rest.dropFirst()), (1...65535).contains(port) else { return nil }
            return (host, port)
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count == 2 {
            guard let port = Int(parts[1]), (1...65535).contains(port) else { return nil }
            return (String(parts[0]), port)
        }
        return (text, defaultPort)
    }
}
