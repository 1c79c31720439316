import AWSCore
import AWSSigV4
import Foundation

extension S3Client {
    /// Up to `maxKeys` (1…1000) objects whose keys start with `prefix` and sort after
    /// `startAfter` (ListObjectsV2 with `start-after`; keys come URL-encoded and are decoded).
    public func listObjectsV2(bucket: String, prefix: String, startAfter: String? = nil, maxKeys: Int = 1000) throws -> S3ListPage {
        var query = [("list-type", "2"), ("encoding-type", "url"), ("max-keys", "\(min(max(maxKeys, 1), 1000))")]
        if !prefix.isEmpty { query.append(("prefix", prefix)) }
        if let startAfter { query.append(("start-after", startAfter)) }
        let response = try perform(Call(operation: "ListObjectsV2", method: "GET", bucket: bucket, query: query, notFound: "NoSuchBucket"))
        guard let tree = XMLTree.parse(response.body), tree.name == "ListBucketResult" else {
            throw S3Error(
                operation: "ListObjectsV2", bucket: bucket, key: nil, code: S3Error.unreadableResponse,
                message: "the endpoint answered with a body that is not a ListBucketResult", httpStatus: response.status,
                requestID: response.headers["x-amz-request-id"])
        }
        let encoded = tree.string("EncodingType") == "url"
        let objects = tree.children.filter { $0.name == "Contents" }.map { item in
            let raw = item.child("Key")?.text ?? ""
            return S3ListPage.Object(
                key: encoded ? Self.urlDecoded(raw) : raw, size: Int64(item.string("Size") ?? "") ?? 0,
                etag: Self.unquoted(item.string("ETag") ?? ""))
        }
        return S3ListPage(objects: objects, isTruncated: tree.string("IsTruncated") == "true")
    }

    /// Whether the bucket is there and these credentials may use it (HeadBucket): a 404 is
    /// `NoSuchBucket`, a 403 `AccessDenied`.
    public func headBucket(_ bucket: String) throws {
        _ = try perform(Call(operation: "HeadBucket", method: "HEAD", bucket: bucket, notFound: "NoSuchBucket"))
    }

    /// The object's bytes, or the bytes of `range` (an HTTP Range request; S3 answers fewer at
    /// the object's end, and `InvalidRange` for a range that starts past it).
    public func getObject(bucket: String, key: String, range: Range<Int64>? = nil) throws -> [UInt8] {
        var call = Call(operation: "GetObject", method: "GET", bucket: bucket, key: key)
        if let range {
            guard !range.isEmpty else { return [] }
            call.headers.append((name: "Range", value: "bytes=\(range.lowerBound)-\(range.upperBound - 1)"))
        }
        return [UInt8](try perform(call).body)
    }

    /// Puts an object whole (PutObject); returns its ETag.
    @discardableResult
    public func putObject(bucket: String, key: String, bytes: [UInt8], contentType: String = "application/octet-stream") throws -> String {
        let call = Call(
            operation: "PutObject", method: "PUT", bucket: bucket, key: key, headers: [(name: "Content-Type", value: contentType)],
            body: Data(bytes))
        return Self.unquoted(try perform(call).headers["etag"] ?? "")
    }

    /// Copies `source` to `target` within `bucket` (CopyObject); returns the new object's ETag.
    /// S3 may answer 200 and put an `<Error>` document in the body when the copy failed after it
    /// began: that error is thrown (and retried when its code is transient, as `InternalError` is).
    @discardableResult
    public func copyObject(bucket: String, from source: String, to target: String) throws -> String {
        let copySource = SigV4Encoding.uriEncode("\(bucket)/\(source)", keepSlash: true)
        let call = Call(
            operation: "CopyObject", method: "PUT", bucket: bucket, key: target, headers: [(name: "x-amz-copy-source", value: copySource)],
            errorInSuccess: true)
        let response = try perform(call)
        return Self.unquoted(XMLTree.parse(response.body)?.string("ETag") ?? "")
    }

    /// Deletes an object (DeleteObject); S3 answers 204 whether or not it was there.
    public func deleteObject(bucket: String, key: String) throws {
        _ = try perform(Call(operation: "DeleteObject", method: "DELETE", bucket: bucket, key: key))
    }

    /// A URL that lets whoever holds it make one `method` request for the object, valid
    /// `expires` seconds (1 s … 7 days) from now: SigV4 query signing, only `host` signed, the
    /// payload `UNSIGNED-PAYLOAD`. Never log it: `SigV4Signer.redacted` gives what may be logged.
    public func presignedURL(method: String, bucket: String, key: String, expires: Int) -> String {
        let target = target(bucket: bucket, key: key)
        let signer = SigV4Signer(credentials: configuration.credentials, region: configuration.region, service: "s3")
        return signer.presignedURL(method: method, scheme: target.scheme, host: target.host, path: target.path, expires: expires, date: now())
    }

    /// An ETag without the quotes S3 puts around it.
    static func unquoted(_ etag: String) -> String {
        etag.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
    }

    /// A key of a listing with `encoding-type=url`: `+` is a space, `%XX` a byte.
    static func urlDecoded(_ text: String) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
