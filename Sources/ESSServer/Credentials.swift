import Foundation

/// The token a request presents, and its comparison with the master's in constant time.
///
/// Accepted forms of the `Authorization` header: `Bearer TOKEN`, and HTTP Basic with the token
/// as the user name and an empty or no password (`base64(TOKEN:)`, or `base64(TOKEN)` as
/// Xplenty's clients send their API key). Scheme names are case-insensitive.
enum Credentials {
    /// The token's bytes in `header`; nil when the header is absent or in no accepted form.
    static func presented(_ header: String?) -> [UInt8]? {
        guard let header else { return nil }
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        guard let space = trimmed.firstIndex(of: " ") else { return nil }
        let scheme = trimmed[..<space].lowercased()
        let value = trimmed[space...].trimmingCharacters(in: .whitespaces)
        switch scheme {
        case "bearer":
            return value.isEmpty ? nil : Array(value.utf8)
        case "basic":
            guard let decoded = Data(base64Encoded: value) else { return nil }
            let bytes = Array(decoded)
            guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return bytes.isEmpty ? nil : bytes }
            // A password is not part of the scheme: only `TOKEN:` (empty password) is the token.
            guard colon == bytes.count - 1, colon > 0 else { return nil }
            return Array(bytes[..<colon])
        default:
            return nil
        }
    }

    /// Whether `given` equals `expected`, taking the same time whatever the bytes (and however
    /// many of them match): every byte of `expected` is compared, and a length difference only
    /// adds to the result.
    static func matches(_ given: [UInt8], expected: [UInt8]) -> Bool {
        guard !expected.isEmpty else { return false }
        var difference = UInt64(truncatingIfNeeded: given.count ^ expected.count)
        for index in expected.indices {
            let other = given.isEmpty ? 0 : given[index % given.count]
            difference |= UInt64(other ^ expected[index])
        }
        return difference == 0
    }
}
