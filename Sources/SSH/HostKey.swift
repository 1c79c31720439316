import Foundation

/// A server's public host key, as OpenSSH names and prints it.
public struct HostKey: Sendable, Codable, Hashable {
    /// The OpenSSH key type, e.g. `ssh-ed25519`.
    public var type: String
    /// The key blob, base64 (the second field of a known_hosts line).
    public var base64: String
    /// `SHA256:` and the unpadded base64 of the blob's SHA-256, exactly as `ssh-keygen -lf` prints it.
    public var fingerprint: String

    public init(type: String, base64: String, fingerprint: String) {
        self.type = type
        self.base64 = base64
        self.fingerprint = fingerprint
    }

    /// The line to put in a known_hosts file: `host type key`, or `[host]:port type key` when port is not 22.
    public func knownHostsLine(host: String, port: Int) -> String {
        let name = port == 22 ? host : "[\(host)]:\(port)"
        return "\(name) \(type) \(base64)"
    }

    /// True when `fingerprint` names this key, ignoring a missing `SHA256:` prefix and base64 padding.
    public func matches(fingerprint other: String) -> Bool {
        Self.normalized(other) == Self.normalized(fingerprint)
    }

    static func fingerprint(sha256 digest: [UInt8]) -> String {
        "SHA256:" + normalized(Data(digest).base64EncodedString())
    }

    private static func normalized(_ text: String) -> String {
        var body = Substring(text.trimmingCharacters(in: .whitespaces))
        if body.hasPrefix("SHA256:") { body = body.dropFirst("SHA256:".count) }
        while body.hasSuffix("=") { body = body.dropLast() }
        return String(body)
    }
}
