import AWSCore
import AWSSigV4
import Foundation
import HTTPClient
import Logging

/// The S3 REST client of the master: listings a page at a time, ranged reads, puts, copies,
/// deletes, bucket checks, and presigned URLs for the workers, who hold no credentials.
///
/// Requests are signed with SigV4 in headers (service `s3`, `x-amz-content-sha256` the body's
/// SHA-256), addressed path-style or virtual-hosted as the configuration says (`S3Target`), and
/// retried as `RetryPolicy` says (`SlowDown` is throttling, 500/503 transient); in the adaptive
/// mode every attempt first takes a token from the client's `SharedRateLimiter`.
///
/// Calls block (libcurl): call them from plain threads, never from Swift's concurrency pool.
/// The client is safe to share between threads. It logs one debug line per request (operation,
/// HTTP status, attempt, milliseconds), never a header, a body, a query or a URL. A failure is
/// an `S3Error` (S3 answered) or an `HTTPTransportError` (it did not).
public final class S3Client: Sendable {
    public let configuration: AWSConfiguration
    public let retryPolicy: RetryPolicy
    let transport: HTTPTransport
    let logger: Logger
    let sleep: @Sendable (Double) -> Void
    let now: @Sendable () -> Date
    let random: @Sendable () -> Double
    let rateLimiter: SharedRateLimiter
    let quota = S3RetryQuota()

    /// `transport` defaults to libcurl with the configuration's proxy; `rateLimiter` to one of
    /// this client's own (S3 throttles per prefix, apart from EC2's account-wide limits);
    /// `sleep`, `now` and `random` (a draw in 0...1 for the jitter) are injectable for tests.
    public init(
        configuration: AWSConfiguration, transport: HTTPTransport? = nil, retryPolicy: RetryPolicy? = nil,
        rateLimiter: SharedRateLimiter = SharedRateLimiter(), logger: Logger,
        sleep: @escaping @Sendable (Double) -> Void = { Thread.sleep(forTimeInterval: $0) },
        now: @escaping @Sendable () -> Date = { Date() }, random: @escaping @Sendable () -> Double = { Double.random(in: 0...1) }
    ) {
        self.configuration = configuration
        self.transport = transport ?? CurlTransport(connectTimeout: 5, timeout: 300, proxy: configuration.proxy)
        self.retryPolicy = retryPolicy ?? RetryPolicy(configuration: configuration)
        self.rateLimiter = rateLimiter
        self.logger = logger
        self.sleep = sleep
        self.now = now
        self.random = random
    }

    /// Where a request about `bucket` (and `key`) goes.
    public func target(bucket: String, key: String?) -> S3Target {
        S3Target(endpoint: configuration.s3Endpoint, style: configuration.s3AddressingStyle, bucket: bucket, key: key)
    }

    /// One S3 call as the retry loop resends it: built once, signed again for each attempt.
    struct Call {
        var operation: String
        var method: String
        var bucket: String
        var key: String?
        /// Name and value pairs, unencoded.
        var query: [(String, String)] = []
        /// Headers besides `Host`, `x-amz-content-sha256` and the signer's; all signed.
        var headers: [(name: String, value: String)] = []
        var body = Data()
        /// The code a 404 without a body means: `NoSuchBucket` for calls on a bucket.
        var notFound = "NoSuchKey"
        /// CopyObject: S3 may answer 200 with an `<Error>` document; that is the answer.
        var errorInSuccess = false
    }

    /// Sends `call`, retrying as the policy says; returns the first 2xx answer.
    func perform(_ call: Call) throws -> HTTPResponse {
        let started = now()
        var progress = RetryPolicy.Progress()
        var attempt = 1
        var retryCost = 0
        while true {
            pace(call.operation)
            do {
                let response = try send(call, attempt: attempt)
                record(throttled: false)
                quota.succeeded(retryCost: retryCost)
                return response
            } catch {
                let failure = retryPolicy.classify(error)
                record(throttled: failure == .throttling)
                progress.elapsed = now().timeIntervalSince(started)
                switch quota.decide(retryPolicy, after: error, progress: &progress, unit: random()) {
                case .retry(let delay, let cost):
                    logger.debug("s3 retry", metadata: [
                        "operation": "\(call.operation)", "attempt": "\(attempt)", "failure": "\(failure)", "delay_s": "\(delay)",
                    ])
                    retryCost += cost
                    sleep(delay)
                    attempt += 1
                case .fail:
                    throw error
                }
            }
        }
    }

    /// One signed attempt; a non-2xx answer (or CopyObject's 200 with an error) throws `S3Error`.
    private func send(_ call: Call, attempt: Int) throws -> HTTPResponse {
        let target = target(bucket: call.bucket, key: call.key)
        let query = call.query.map { "\(SigV4Encoding.uriEncode($0.0))=\(SigV4Encoding.uriEncode($0.1))" }.joined(separator: "&")
        var request = HTTPRequest(method: call.method, url: target.url(query: query), body: call.body)
        var headers = [(name: "Host", value: target.host), (name: "x-amz-content-sha256", value: SigV4Encoding.sha256Hex(call.body))]
        headers += call.headers
        if call.body.isEmpty && call.method == "PUT" {
            headers.append((name: "Content-Length", value: "0"))
        }
        let signer = SigV4Signer(credentials: configuration.credentials, region: configuration.region, service: "s3")
        request.headers = signer.sign(method: call.method, path: target.path, query: query, headers: headers, body: call.body, date: now())
        let clock = Date()
        let response: HTTPResponse
        do {
            response = try transport.send(request)
        } catch {
            log(call, status: "none", attempt: attempt, since: clock)
            throw error
        }
        log(call, status: "\(response.status)", attempt: attempt, since: clock)
        let requestID = response.headers["x-amz-request-id"]
        let failed = !(200..<300).contains(response.status)
        if failed || (call.errorInSuccess && XMLTree.parse(response.body)?.name == "Error") {
            throw S3Error.decode(
                operation: call.operation, bucket: call.bucket, key: call.key, status: response.status, body: response.body,
                requestIDHeader: requestID, notFound: call.notFound)
        }
        return response
    }

    private func log(_ call: Call, status: String, attempt: Int, since start: Date) {
        logger.debug("s3 call", metadata: [
            "operation": "\(call.operation)", "status": "\(status)", "attempt": "\(attempt)",
            "ms": "\(Int(Date().timeIntervalSince(start) * 1000))",
        ])
    }

    /// Adaptive mode: waits for a token of the rate limiter.
    private func pace(_ operation: String) {
        guard retryPolicy.mode == .adaptive else { return }
        let wait = rateLimiter.delayBeforeSending(timeScale: retryPolicy.baseDelay)
        guard wait > 0 else { return }
        logger.debug("s3 pace", metadata: ["operation": "\(operation)", "wait_s": "\(wait)"])
        sleep(wait)
    }

    private func record(throttled: Bool) {
        guard retryPolicy.mode == .adaptive else { return }
        rateLimiter.record(throttled: throttled, timeScale: retryPolicy.baseDelay)
    }
}
