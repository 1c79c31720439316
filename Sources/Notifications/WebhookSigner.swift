import Crypto
import Foundation

/// Standard Webhooks signing: a `whsec_` secret (24 random bytes, base64) per subscription;
/// `webhook-signature` is `v1,` and the base64 HMAC-SHA256 of `id.timestamp.body` under the
/// secret's bytes.
public enum WebhookSigner {
    public static func newSecret() -> String {
        var bytes = [UInt8](repeating: 0, count: 24)
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices { bytes[index] = UInt8.random(in: 0...255, using: &generator) }
        return "whsec_" + Data(bytes).base64EncodedString()
    }

    /// The signature header's value, or nil for a secret that is not `whsec_` + base64.
    public static func signature(secret: String, id: String, timestamp: Int, body: Data) -> String? {
        guard secret.hasPrefix("whsec_"), let key = Data(base64Encoded: String(secret.dropFirst(6))) else { return nil }
        var message = Data("\(id).\(timestamp).".utf8)
        message.append(body)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key))
        return "v1," + Data(mac).base64EncodedString()
    }

    /// The three headers of one signed request.
    public static func headers(secret: String, id: String, timestamp: Int, body: Data) -> [(name: String, value: String)] {
        [("webhook-id", id), ("webhook-timestamp", String(timestamp)), ("webhook-signature", signature(secret: secret, id: id, timestamp: timestamp, body: body) ?? "")]
    }
}
