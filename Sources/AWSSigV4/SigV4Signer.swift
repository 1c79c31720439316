import Crypto
import Foundation

/// AWS Signature Version 4, one function per stage of the specification:
/// canonical request → string to sign → signing key → signature → `Authorization` header.
///
/// A plain value: the signing time is always passed in, so every stage is a pure function of
/// its inputs and can be checked against AWS's published examples.
public struct SigV4Signer: Sendable {
    public static let algorithm = "AWS4-HMAC-SHA256"

    public var credentials: SigV4Credentials
    public var region: String
    public var service: String

    public init(credentials: SigV4Credentials, region: String, service: String) {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// A canonical request and the header list it signed.
    public struct CanonicalRequest: Sendable, Equatable {
        public var text: String
        public var signedHeaders: String
    }

    /// Stage 1. `path` is the request path as sent (each segment is encoded once more, as
    /// every service but S3 expects); `query` is the raw query string without `?`.
    public func canonicalRequest(
        method: String, path: String, query: String, headers: [(name: String, value: String)], payloadHash: String
    ) -> CanonicalRequest {
        let canonicalPath = path.isEmpty ? "/" : SigV4Encoding.uriEncode(path, keepSlash: true)
        var merged: [String: [String]] = [:]
        for header in headers {
            merged[header.name.lowercased(), default: []].append(Self.trimmed(header.value))
        }
        let names = merged.keys.sorted()
        let canonicalHeaders = names.map { "\($0):\(merged[$0]!.joined(separator: ","))\n" }.joined()
        let signedHeaders = names.joined(separator: ";")
        let text = [
            method.uppercased(), canonicalPath, Self.canonicalQuery(query), canonicalHeaders, signedHeaders, payloadHash,
        ].joined(separator: "\n")
        return CanonicalRequest(text: text, signedHeaders: signedHeaders)
    }

    /// `date/region/service/aws4_request`.
    public func credentialScope(_ time: SigV4Timestamp) -> String {
        "\(time.dateStamp)/\(region)/\(service)/aws4_request"
    }

    /// Stage 2.
    public func stringToSign(canonicalRequest: String, time: SigV4Timestamp) -> String {
        [Self.algorithm, time.amzDate, credentialScope(time), SigV4Encoding.sha256Hex(Data(canonicalRequest.utf8))]
            .joined(separator: "\n")
    }

    /// Stage 3: HMAC chain from `AWS4` + secret over date, region, service and `aws4_request`.
    public func signingKey(time: SigV4Timestamp) -> SymmetricKey {
        var key = SymmetricKey(data: Data(("AWS4" + credentials.secretAccessKey).utf8))
        for part in [time.dateStamp, region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key)))
        }
        return key
    }

    /// Stage 4: lowercase hex HMAC of the string to sign.
    public func signature(stringToSign: String, time: SigV4Timestamp) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: signingKey(time: time))
        return SigV4Encoding.hex(code)
    }

    /// Stage 5.
    public func authorizationHeader(signedHeaders: String, signature: String, time: SigV4Timestamp) -> String {
        "\(Self.algorithm) Credential=\(credentials.accessKeyID)/\(credentialScope(time)), "
            + "SignedHeaders=\(signedHeaders), Signature=\(signature)"
    }

    /// Every stage at once: returns `headers` plus `X-Amz-Date`, `X-Amz-Security-Token` (with a
    /// session token) and `Authorization`. `headers` must already hold `Host`.
    public func sign(
        method: String, path: String, query: String, headers: [(name: String, value: String)], body: Data, date: Date
    ) -> [(name: String, value: String)] {
        let time = SigV4Timestamp(date)
        var all = headers
        all.append((name: "X-Amz-Date", value: time.amzDate))
        if let token = credentials.sessionToken {
            all.append((name: "X-Amz-Security-Token", value: token))
        }
        let canonical = canonicalRequest(
            method: method, path: path, query: query, headers: all, payloadHash: SigV4Encoding.sha256Hex(body))
        let toSign = stringToSign(canonicalRequest: canonical.text, time: time)
        let authorization = authorizationHeader(
            signedHeaders: canonical.signedHeaders, signature: signature(stringToSign: toSign, time: time), time: time)
        all.append((name: "Authorization", value: authorization))
        return all
    }

    /// Query parameters encoded and sorted by name, then value.
    static func canonicalQuery(_ query: String) -> String {
        guard !query.isEmpty else { return "" }
        let pairs = query.split(separator: "&", omittingEmptySubsequences: true).map { item -> (String, String) in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            let value = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : ""
            return (SigV4Encoding.uriEncode(name), SigV4Encoding.uriEncode(value))
        }
        return pairs.sorted { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    /// Leading and trailing spaces removed, inner runs of spaces collapsed to one.
    static func trimmed(_ value: String) -> String {
        value.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            .trimmingCharacters(in: .whitespaces)
    }
}
