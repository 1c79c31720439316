import CLibSSH2
import Foundation

/// OpenSSH names for libssh2's host key types.
enum HostKeyType {
    /// The type string at the start of an SSH public key blob (a uint32 length, then the name).
    static func name(blob: Data) -> String? {
        let bytes = [UInt8](blob.prefix(68))
        guard bytes.count >= 4 else { return nil }
        let length = bytes[0..<4].reduce(0) { $0 << 8 | Int($1) }
        guard length > 0, length <= 64, bytes.count >= 4 + length else { return nil }
        let name = String(decoding: bytes[4..<(4 + length)], as: UTF8.self)
        return name.allSatisfy({ $0.isASCII && !$0.isWhitespace }) ? name : nil
    }

    static func name(libssh2Type type: Int32) -> String {
        switch type {
        case LIBSSH2_HOSTKEY_TYPE_RSA: "ssh-rsa"
        case LIBSSH2_HOSTKEY_TYPE_DSS: "ssh-dss"
        case LIBSSH2_HOSTKEY_TYPE_ECDSA_256: "ecdsa-sha2-nistp256"
        case LIBSSH2_HOSTKEY_TYPE_ECDSA_384: "ecdsa-sha2-nistp384"
        case LIBSSH2_HOSTKEY_TYPE_ECDSA_521: "ecdsa-sha2-nistp521"
        case LIBSSH2_HOSTKEY_TYPE_ED25519: "ssh-ed25519"
        default: "unknown"
        }
    }
}
