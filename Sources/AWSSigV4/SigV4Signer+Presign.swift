import Foundation

/// Query signing, which S3 calls a presigned URL: the request's authentication travels in its
/// query string, so whoever holds the URL (a worker fetching or uploading one object) can make
/// that one request until it expires, with no credentials of its own.
extension SigV4Signer {
    /// The payload hash of a presigned request: S3 signs no body.
    public static let unsignedPayload = "UNSIGNED-PAYLOAD"

    /// The longest validity S3 accepts: 7 days.
    public static let maxExpires = 604_800

    /// A presigned URL for one `method` request to `scheme://host` (a port kept as given, as it
    /// goes in the signed `Host`), valid `expires` seconds from `date` (held to 1 s … 7 days).
    /// `path` is unencoded (`/bucket/key` path-style, `/key` virtual-hosted): each segment is
    /// percent-encoded once, as S3 expects. Only `host` is signed; the parameters come in the
    /// order the AWS SDKs write them, the session token after the signed headers and the
    /// signature last, so the URL is byte for byte what botocore's `generate_presigned_url` makes.
    public func presignedURL(method: String, scheme: String, host: String, path: String, expires: Int, date: Date) -> String {
        let time = SigV4Timestamp(date)
        var pairs = [
            ("X-Amz-Algorithm", Self.algorithm),
            ("X-Amz-Credential", "\(credentials.accessKeyID)/\(credentialScope(time))"),
            ("X-Amz-Date", time.amzDate),
            ("X-Amz-Expires", String(min(max(expires, 1), Self.maxExpires))),
            ("X-Amz-SignedHeaders", "host"),
        ]
        if let token = credentials.sessionToken { pairs.append(("X-Amz-Security-Token", token)) }
        let query = pairs.map { "\(SigV4Encoding.uriEncode($0.0))=\(SigV4Encoding.uriEncode($0.1))" }.joined(separator: "&")
        let canonical = canonicalRequest(method: method, path: path, query: query, headers: [(name: "host", value: host)], payloadHash: Self.unsignedPayload)
        let signature = signature(stringToSign: stringToSign(canonicalRequest: canonical.text, time: time), time: time)
        let encodedPath = path.isEmpty ? "/" : SigV4Encoding.uriEncode(path, keepSlash: true)
        return "\(scheme)://\(host)\(encodedPath)?\(query)&X-Amz-Signature=\(signature)"
    }

    /// `url` without its query: what may be logged of a presigned URL (its signature and
    /// credential scope never are).
    public static func redacted(_ url: String) -> String {
        guard let mark = url.firstIndex(of: "?") else { return url }
        return String(url[..<mark])
    }
}
