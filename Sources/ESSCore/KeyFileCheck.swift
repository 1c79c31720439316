import Foundation
import Platform

/// Checks a private key file before any connection uses it: it exists, no group or other
/// permission bit is set (as OpenSSH demands), and it is a kind libssh2 1.10 can sign with.
public enum KeyFileCheck {
    /// The key kinds we may meet.
    public enum Kind: Equatable, Sendable {
        case ed25519, ecdsa, rsa, dsa, encrypted, unknown
    }

    /// Returns the key's kind, or throws the `KeyFileError` that stops it being used.
    @discardableResult
    public static func verify(_ path: String) throws -> Kind {
        guard let mode = PrivateFiles.mode(of: path) else {
            throw KeyFileError.missing(path: path)
        }
        guard mode & 0o077 == 0 else {
            throw KeyFileError.tooOpen(path: path, mode: UInt32(mode))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KeyFileError.unreadable(path: path)
        }
        let kind = classify(String(decoding: data, as: UTF8.self))
        switch kind {
        case .ed25519, .ecdsa:
            return kind
        case .rsa:
            throw KeyFileError.rsa(path: path)
        case .dsa:
            throw KeyFileError.dsa(path: path)
        case .encrypted:
            throw KeyFileError.passphrase(path: path)
        case .unknown:
            throw KeyFileError.notAPrivateKey(path: path)
        }
    }

    /// Recognises the PEM armour, and inside OpenSSH's own format, the key type and cipher.
    public static func classify(_ text: String) -> Kind {
        if text.contains("BEGIN RSA PRIVATE KEY") { return text.contains("ENCRYPTED") ? .encrypted : .rsa }
        if text.contains("BEGIN DSA PRIVATE KEY") { return .dsa }
        if text.contains("BEGIN EC PRIVATE KEY") { return text.contains("ENCRYPTED") ? .encrypted : .ecdsa }
        if text.contains("BEGIN ENCRYPTED PRIVATE KEY") { return .encrypted }
        if text.contains("BEGIN PRIVATE KEY") {
            // PKCS#8: look for the RSA or EC algorithm identifier in the DER body.
            let der = armouredBody(text) ?? Data()
            if der.range(of: Data([0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01])) != nil { return .rsa }
            if der.range(of: Data([0x06, 0x07, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01])) != nil { return .ecdsa }
            return .unknown
        }
        guard text.contains("BEGIN OPENSSH PRIVATE KEY"), let body = armouredBody(text) else { return .unknown }
        var reader = SSHWireReader(body)
        guard reader.expectMagic("openssh-key-v1\0"), let cipher = reader.string(), reader.string() != nil,
            reader.string() != nil, reader.uint32() != nil, let publicBlob = reader.bytes()
        else { return .unknown }
        if String(decoding: cipher, as: UTF8.self) != "none" { return .encrypted }
        var blob = SSHWireReader(publicBlob)
        switch blob.string().map({ String(decoding: $0, as: UTF8.self) }) {
        case "ssh-ed25519": return .ed25519
        case "ssh-rsa": return .rsa
        case "ssh-dss": return .dsa
        case let type? where type.hasPrefix("ecdsa-sha2-"): return .ecdsa
        default: return .unknown
        }
    }

    static func armouredBody(_ text: String) -> Data? {
        let lines = text.split(whereSeparator: \.isNewline).filter { !$0.hasPrefix("-----") && !$0.contains(":") }
        return Data(base64Encoded: lines.joined())
    }
}

/// Reads SSH wire-format fields (uint32 lengths, then bytes).
struct SSHWireReader {
    private let data: [UInt8]
    private var offset = 0

    init(_ data: Data) {
        self.data = Array(data)
    }

    mutating func expectMagic(_ magic: String) -> Bool {
        let bytes = Array(magic.utf8)
        guard data.count >= bytes.count, Array(data[0..<bytes.count]) == bytes else { return false }
        offset = bytes.count
        return true
    }

    mutating func uint32() -> UInt32? {
        guard offset + 4 <= data.count else { return nil }
        let value = data[offset..<offset + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        offset += 4
        return value
    }

    mutating func bytes() -> Data? {
        guard let length = uint32(), length <= data.count - offset else { return nil }
        defer { offset += Int(length) }
        return Data(data[offset..<offset + Int(length)])
    }

    mutating func string() -> Data? { bytes() }
}
