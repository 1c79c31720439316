import Foundation

/// The master's API token: 64 lowercase hex digits (256 random bits). A secret, so it is not
/// `Equatable` (the server compares tokens in constant time) and it never describes itself:
/// printing, logging or interpolating one shows `<api token>`.
public struct APIToken: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The token's text, for the one place that sends or compares it.
    public let secret: String

    /// The token in `text` (surrounding whitespace and a final newline allowed); nil when it
    /// is not 64 hex digits.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.utf8.count == 64, trimmed.utf8.allSatisfy(Self.isHexDigit) else { return nil }
        secret = trimmed
    }

    /// A new token from the system's secure random source.
    public static func random() -> APIToken {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for _ in 0..<4 {
            var word = generator.next() as UInt64
            for _ in 0..<16 {
                text.append(digits[Int(word & 0xf)])
                word >>= 4
            }
        }
        return APIToken(String(decoding: text, as: UTF8.self))!
    }

    /// The `Authorization` header's value that sends it.
    public var bearer: String { "Bearer " + secret }

    public var description: String { "<api token>" }
    public var debugDescription: String { "<api token>" }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x61...0x66).contains(byte) || (0x41...0x46).contains(byte)
    }
}
