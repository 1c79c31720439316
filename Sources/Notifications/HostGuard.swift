import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Which hosts a webhook may reach: never a link-local address (169.254.0.0/16, where the EC2
/// instance-metadata service lives, and fe80::/10), so a webhook cannot read the master's cloud
/// credentials; plus the ranges of `ESS_NOTIFY_DENY` (comma-separated IPv4 CIDRs) when set.
public struct HostGuard: Sendable {
    public let denied: [(base: UInt32, bits: Int)]

    public init(environment: [String: String] = [:]) {
        denied = (environment["ESS_NOTIFY_DENY"] ?? "").split(separator: ",").compactMap { Self.cidr(String($0)) }
    }

    /// Why the host may not be reached, or nil when it may. A name is resolved; one that does
    /// not resolve is let through (delivery will fail and say so).
    public func refusal(host: String) -> String? {
        if case .refused(let why) = check(host: host) { return why }
        return nil
    }

    /// What a check of a host found: refused, or allowed with the addresses it resolved to (as
    /// text, to pin the connection to them).
    public enum Verdict: Sendable, Equatable {
        case refused(String)
        case allowed([String])
    }

    public func check(host: String) -> Verdict {
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        let addresses = Self.resolve(bare)
        for address in addresses {
            if let why = refusal(address: address) { return .refused(why) }
        }
        return .allowed(addresses.map(Self.text))
    }

    /// An address as curl's resolve entries write it (`[::1]` for IPv6).
    static func text(_ address: [UInt8]) -> String {
        if address.count == 4 { return address.map(String.init).joined(separator: ".") }
        let groups = stride(from: 0, to: address.count, by: 2).map { String(UInt16(address[$0]) << 8 | UInt16(address[$0 + 1]), radix: 16) }
        return "[" + groups.joined(separator: ":") + "]"
    }

    func refusal(address: [UInt8]) -> String? {
        if address.count == 4 {
            if address[0] == 169 && address[1] == 254 { return "a link-local address (169.254.0.0/16, cloud instance metadata)" }
            let value = address.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            for range in denied where range.bits == 0 || value >> (32 - range.bits) == range.base >> (32 - range.bits) {
                return "in a denied range (ESS_NOTIFY_DENY)"
            }
        } else if address.count == 16 {
            if address[0] == 0xfe && address[1] & 0xc0 == 0x80 { return "a link-local address (fe80::/10)" }
            if address[0..<10].allSatisfy({ $0 == 0 }) && address[10] == 0xff && address[11] == 0xff {
                return refusal(address: Array(address[12..<16]))
            }
        }
        return nil
    }

    static func cidr(_ text: String) -> (base: UInt32, bits: Int)? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/")
        let octets = parts.first?.split(separator: ".").compactMap { UInt8($0) } ?? []
        guard octets.count == 4 else { return nil }
        let bits = parts.count > 1 ? Int(parts[1]) ?? 32 : 32
        return (octets.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }, min(max(bits, 0), 32))
    }

    /// The host's addresses as bytes (4 or 16 each).
    static func resolve(_ host: String) -> [[UInt8]] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0, let first = list else { return [] }
        defer { freeaddrinfo(first) }
        var found: [[UInt8]] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            if let address = entry.pointee.ai_addr {
                if entry.pointee.ai_family == AF_INET {
                    address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                        var raw = pointer.pointee.sin_addr
                        found.append(withUnsafeBytes(of: &raw) { Array($0) })
                    }
                } else if entry.pointee.ai_family == AF_INET6 {
                    address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                        var raw = pointer.pointee.sin6_addr
                        found.append(withUnsafeBytes(of: &raw) { Array($0) })
                    }
                }
            }
            cursor = entry.pointee.ai_next
        }
        return found
    }
}
