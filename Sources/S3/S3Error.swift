import AWSCore
import Foundation

/// An error S3 answered with, as a fact: the operation and the object it was about, S3's code
/// and message from its XML error document, the HTTP status and the request id to quote to AWS
/// support. Its description names `s3://bucket/key`, never a URL, a header or a signature.
public struct S3Error: AWSServiceError, Equatable, CustomStringConvertible {
    public var operation: String
    public var bucket: String
    /// The object's key; nil for a call on the bucket itself.
    public var key: String?
    public var code: String
    public var message: String
    public var httpStatus: Int
    public var requestID: String?

    public init(operation: String, bucket: String, key: String?, code: String, message: String, httpStatus: Int, requestID: String?) {
        self.operation = operation
        self.bucket = bucket
        self.key = key
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.requestID = requestID
    }

    /// `s3://bucket/key`, or `s3://bucket` for a call on the bucket.
    public var location: String { key.map { "s3://\(bucket)/\($0)" } ?? "s3://\(bucket)" }

    public var description: String {
        let id = requestID.map { ", request id \($0)" } ?? ""
        let message = self.message.isEmpty ? "" : ": \(self.message)"
        return "S3 \(operation) \(location) failed: \(code)\(message) (HTTP \(httpStatus)\(id))"
    }

    /// The code for an answer that is not an S3 error document at all.
    public static let unreadableResponse = "UnreadableResponse"

    /// Decodes S3's error document, `<Error><Code>…</Code><Message>…</Message><RequestId>…`.
    /// Only the code, message and request id are kept (a `SignatureDoesNotMatch` document also
    /// holds the string to sign, which stays out). A body that is not one (a HEAD answer has
    /// none) becomes the code its status means for this call, with S3's own message for it:
    /// `notFound` for 404 (`NoSuchBucket` or `NoSuchKey`, the call knows which), `AccessDenied`
    /// for 403, else `UnreadableResponse`.
    public static func decode(
        operation: String, bucket: String, key: String?, status: Int, body: Data, requestIDHeader: String?, notFound: String
    ) -> S3Error {
        if let tree = XMLTree.parse(body), tree.name == "Error", let code = tree.string("Code") {
            return S3Error(
                operation: operation, bucket: bucket, key: key, code: code, message: tree.string("Message") ?? "", httpStatus: status,
                requestID: tree.string("RequestId") ?? requestIDHeader)
        }
        let code: String
        let message: String
        switch status {
        case 404:
            code = notFound
            message = notFound == "NoSuchBucket" ? "The specified bucket does not exist" : "The specified key does not exist."
        case 403:
            (code, message) = ("AccessDenied", "Access Denied")
        default:
            (code, message) = (unreadableResponse, "the endpoint answered HTTP \(status) without an S3 error document")
        }
        return S3Error(operation: operation, bucket: bucket, key: key, code: code, message: message, httpStatus: status, requestID: requestIDHeader)
    }
}
