import AWSCore
import AWSSigV4
import Foundation
import HTTPClient
import Logging

/// The EC2 Query API client: POSTs `Action=…&Version=2016-11-15&…` form bodies signed with
/// SigV4 (service `ec2`), decodes the XML answer or EC2's error document, and retries as
/// `RetryPolicy` says; in the adaptive mode every attempt first takes a token from the
/// process's `SharedRateLimiter`.
///
/// Calls block; the client is safe to share between threads. It counts the requests it sends
/// per action (`callCounts`) and logs one debug line per request: action, HTTP status, attempt,
/// duration. It never logs bodies or headers.
public final class EC2Client: Sendable {
    public static let apiVersion = "2016-11-15"

    public let configuration: AWSConfiguration
    public let retryPolicy: RetryPolicy
    let transport: HTTPTransport
    let logger: Logger
    let sleep: @Sendable (Double) -> Void
    let now: @Sendable () -> Date
    let random: @Sendable () -> Double
    let rateLimiter: SharedRateLimiter
    let ledger = EC2CallLedger()

    /// `transport` defaults to libcurl with the configuration's proxy; `rateLimiter` to the
    /// process's; `sleep`, `now` and `random` (a draw in 0...1 for the jitter) are injectable
    /// for tests.
    public init(
        configuration: AWSConfiguration, transport: HTTPTransport? = nil, retryPolicy: RetryPolicy? = nil,
        rateLimiter: SharedRateLimiter = .process,
        logger: Logger, sleep: @escaping @Sendable (Double) -> Void = { Thread.sleep(forTimeInterval: $0) },
        now: @escaping @Sendable () -> Date = { Date() }, random: @escaping @Sendable () -> Double = { Double.random(in: 0...1) }
    ) {
        self.configuration = configuration
        self.transport = transport ?? CurlTransport(connectTimeout: 5, timeout: 60, proxy: configuration.proxy)
        self.retryPolicy = retryPolicy ?? RetryPolicy(configuration: configuration)
        self.rateLimiter = rateLimiter
        self.logger = logger
        self.sleep = sleep
        self.now = now
        self.random = random
    }

    /// Requests sent so far, by action (retries count: this is what the endpoint saw).
    public var callCounts: [String: Int] { ledger.callCounts }

    public func resetCallCounts() { ledger.resetCounts() }

    /// Tokens left in the retry quota.
    public var retryQuotaAvailable: Int { ledger.availableQuota }

    /// Sends one action and returns the root of its XML answer. The body is built once, so a
    /// retry resends exactly the same parameters (a RunInstances retry keeps its ClientToken).
    /// `maxAttempts` bounds every attempt of this call, throttled or not (1: no retries).
    public func call(_ action: String, _ parameters: EC2Parameters = EC2Parameters(), maxAttempts: Int? = nil) throws -> XMLTree {
        let policy = maxAttempts.map { retryPolicy.limited(to: $0) } ?? retryPolicy
        let body = Data(parameters.formBody(action: action, version: Self.apiVersion).utf8)
        let started = now()
        var progress = RetryPolicy.Progress()
        var attempt = 1
        var retryCost = 0
        while true {
            pace(action, policy)
            do {
                let tree = try send(action: action, body: body, attempt: attempt)
                record(policy, throttled: false)
                ledger.succeeded(retryCost: retryCost)
                return tree
            } catch {
                let failure = policy.classify(error)
                record(policy, throttled: failure == .throttling)
                progress.elapsed = now().timeIntervalSince(started)
                switch ledger.decide(policy, after: error, progress: &progress, unit: random()) {
                case .retry(let delay, let cost):
                    logger.debug("ec2 retry", metadata: [
                        "action": "\(action)", "attempt": "\(attempt)", "failure": "\(failure)", "delay_s": "\(delay)",
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

    /// Adaptive mode: waits for a token of the process's rate limiter.
    private func pace(_ action: String, _ policy: RetryPolicy) {
        guard policy.mode == .adaptive else { return }
        let wait = rateLimiter.delayBeforeSending(timeScale: policy.baseDelay)
        guard wait > 0 else { return }
        logger.debug("ec2 pace", metadata: ["action": "\(action)", "wait_s": "\(wait)"])
        sleep(wait)
    }

    private func record(_ policy: RetryPolicy, throttled: Bool) {
        guard policy.mode == .adaptive else { return }
        rateLimiter.record(throttled: throttled, timeScale: policy.baseDelay)
    }

    /// One signed request and its decoded answer.
    private func send(action: String, body: Data, attempt: Int) throws -> XMLTree {
        let endpoint = configuration.endpoint
        let path = endpoint.path.isEmpty ? "/" : endpoint.path
        var request = HTTPRequest(method: "POST", url: endpoint, body: body)
        let signer = SigV4Signer(credentials: configuration.credentials, region: configuration.region, service: "ec2")
        request.headers = signer.sign(
            method: "POST", path: path, query: endpoint.query ?? "",
            headers: [
                (name: "Host", value: request.hostHeader),
                (name: "Content-Type", value: "application/x-www-form-urlencoded; charset=utf-8"),
            ],
            body: body, date: now())
        ledger.count(action)
        let started = Date()
        let response: HTTPResponse
        do {
            response = try transport.send(request)
        } catch {
            logger.debug("ec2 call", metadata: [
                "action": "\(action)", "status": "none", "attempt": "\(attempt)", "ms": "\(Self.milliseconds(since: started))",
            ])
            throw error
        }
        logger.debug("ec2 call", metadata: [
            "action": "\(action)", "status": "\(response.status)", "attempt": "\(attempt)", "ms": "\(Self.milliseconds(since: started))",
        ])
        let requestID = response.headers["x-amzn-requestid"] ?? response.headers["x-amz-request-id"]
        guard (200..<300).contains(response.status) else {
            throw EC2Error.decode(action: action, status: response.status, body: response.body, requestIDHeader: requestID)
        }
        guard let tree = XMLTree.parse(response.body) else {
            throw EC2Error(
                action: action, code: EC2Error.unreadableResponse,
                message: "the endpoint answered HTTP \(response.status) with a body that is not XML", requestID: requestID,
                httpStatus: response.status)
        }
        return tree
    }

    private static func milliseconds(since start: Date) -> Int {
        Int(Date().timeIntervalSince(start) * 1000)
    }
}
