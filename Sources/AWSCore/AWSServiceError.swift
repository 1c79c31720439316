/// An error an AWS service answered with, as `RetryPolicy` needs to classify it: the service's
/// error code (`SlowDown`, `RequestLimitExceeded`, `InternalError`, …) and the HTTP status.
/// Each service client's error type (`EC2Error`, `S3Error`) conforms.
public protocol AWSServiceError: Error, Sendable {
    /// The service's error code, as its error document names it.
    var code: String { get }
    /// The HTTP status of the answer.
    var httpStatus: Int { get }
}
