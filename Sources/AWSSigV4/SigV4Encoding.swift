import Crypto
import Foundation

/// The encodings SigV4 prescribes: RFC 3986 percent-encoding and lowercase hex SHA-256, and the
/// form encoding of the Query protocol's bodies.
public enum SigV4Encoding {
    /// Percent-encodes every byte except the unreserved characters `A-Z a-z 0-9 - _ . ~`.
    /// With `keepSlash`, `/` stays as it is (for paths). This is the encoding of the canonical
    /// request's path and query, where a space is always `%20`.
    public static func uriEncode(_ text: String, keepSlash: Bool = false) -> String {
        percentEncode(text, keepSlash: keepSlash, spaceAsPlus: false)
    }

    /// One name or value of an `application/x-www-form-urlencoded` body, byte for byte as the
    /// AWS SDKs write it (botocore's `urlencode`, the WHATWG form serializer): the unreserved
    /// characters stay, a space is `+`, every other byte of the UTF-8 is `%XX`.
    ///
    /// The signature covers the body's SHA-256, so a service that reads the bytes as sent takes
    /// `%20` as well; but a verifier that decodes the form and encodes it again (moto does, as
    /// any server behind a form parser may) only gets the same bytes back from this spelling.
    public static func formEncode(_ text: String) -> String {
        percentEncode(text, keepSlash: false, spaceAsPlus: true)
    }

    /// `name=value` pairs joined with `&`, each side `formEncode`d, in the order given.
    public static func formBody<Pairs: Sequence>(_ pairs: Pairs) -> String where Pairs.Element == (String, String) {
        pairs.map { "\(formEncode($0.0))=\(formEncode($0.1))" }.joined(separator: "&")
    }

    private static func percentEncode(_ text: String, keepSlash: Bool, spaceAsPlus: Bool) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
                UInt8(ascii: "."), UInt8(ascii: "~"):
                out.append(Character(Unicode.Scalar(byte)))
            case UInt8(ascii: "/") where keepSlash:
                out.append("/")
            case UInt8(ascii: " ") where spaceAsPlus:
                out.append("+")
            default:
                out.append("%")
                out.append(hexDigit(byte >> 4))
                out.append(hexDigit(byte & 0x0f))
            }
        }
        return out
    }

    /// Lowercase hex of SHA-256 of the bytes.
    public static func sha256Hex<Bytes: DataProtocol>(_ bytes: Bytes) -> String {
        hex(SHA256.hash(data: bytes))
    }

    /// Lowercase hex of any byte sequence.
    public static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var out = ""
        for byte in bytes {
            out.append(lowerHexDigit(byte >> 4))
            out.append(lowerHexDigit(byte & 0x0f))
        }
        return out
    }

    private static func hexDigit(_ nibble: UInt8) -> Character {
        Character(Unicode.Scalar(nibble < 10 ? nibble + 48 : nibble + 55))
    }

    private static func lowerHexDigit(_ nibble: UInt8) -> Character {
        Character(Unicode.Scalar(nibble < 10 ? nibble + 48 : nibble + 87))
    }
}
