import Crypto
import Foundation

/// An ed25519 key in OpenSSH's own formats: the private key file
/// (`-----BEGIN OPENSSH PRIVATE KEY-----`, unencrypted) and the `ssh-ed25519 AAAA…` public line.
struct OpenSSHKey {
    let privateKey: Curve25519.Signing.PrivateKey
    let comment: String

    init(comment: String) {
        privateKey = Curve25519.Signing.PrivateKey()
        self.comment = comment
    }

    var publicBlob: Data {
        var blob = Data()
        blob.appendSSHString(Data("ssh-ed25519".utf8))
        blob.appendSSHString(privateKey.publicKey.rawRepresentation)
        return blob
    }

    /// `ssh-ed25519 AAAA… comment`.
    var publicLine: String {
        "ssh-ed25519 \(publicBlob.base64EncodedString()) \(comment)"
    }

    /// The PEM-armoured `openssh-key-v1` file that OpenSSH and libssh2 read.
    var privateFile: String {
        let publicKey = privateKey.publicKey.rawRepresentation
        let check = UInt32.random(in: 0...UInt32.max)
        var secret = Data()
        secret.appendUInt32(check)
        secret.appendUInt32(check)
        secret.appendSSHString(Data("ssh-ed25519".utf8))
        secret.appendSSHString(publicKey)
        secret.appendSSHString(privateKey.rawRepresentation + publicKey)  // seed then public half, as OpenSSH stores it
        secret.appendSSHString(Data(comment.utf8))
        var pad: UInt8 = 1
        while secret.count % 8 != 0 {
            secret.append(pad)
            pad += 1
        }

        var body = Data("openssh-key-v1".utf8) + Data([0])
        body.appendSSHString(Data("none".utf8))  // cipher
        body.appendSSHString(Data("none".utf8))  // kdf
        body.appendSSHString(Data())  // kdf options
        body.appendUInt32(1)
        body.appendSSHString(publicBlob)
        body.appendSSHString(secret)

        let base64 = body.base64EncodedString()
        var lines: [String] = []
        var index = base64.startIndex
        while index < base64.endIndex {
            let end = base64.index(index, offsetBy: 70, limitedBy: base64.endIndex) ?? base64.endIndex
            lines.append(String(base64[index..<end]))
            index = end
        }
        return "-----BEGIN OPENSSH PRIVATE KEY-----\n" + lines.joined(separator: "\n") + "\n-----END OPENSSH PRIVATE KEY-----\n"
    }
}

extension Data {
    mutating func appendUInt32(_ value: UInt32) {
        append(contentsOf: [UInt8(value >> 24), UInt8((value >> 16) & 0xff), UInt8((value >> 8) & 0xff), UInt8(value & 0xff)])
    }

    mutating func appendSSHString(_ value: Data) {
        appendUInt32(UInt32(value.count))
        append(value)
    }
}
