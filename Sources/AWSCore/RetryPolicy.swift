import HTTPClient

/// How the AWS clients (`EC2Client`, `S3Client`) retry, as a value: it classifies a failure and
/// says "retry after X seconds" or "don't". The loop that sleeps lives in each client; the rate
/// limiter of the adaptive mode in `AdaptiveRateLimiter`.
///
/// Two budgets per call, as botocore tells throttling from transient errors:
/// - throttling (`RequestLimitExceeded`, `Throttling`, …): up to `maxThrottledAttempts`
///   attempts (25, Terraform's AWS provider's default) within `throttleWindow` (2 minutes),
///   with exponential backoff; these retries do not draw on the `RetryQuota`;
/// - transient errors (HTTP 500/502/503/504 such as EC2's `Unavailable`, `InternalError`,
///   connection failures and timeouts): the standard `maxAttempts` (3), drawing on the quota.
/// When the user sets `AWS_MAX_ATTEMPTS`, it bounds every attempt of a call, throttled or
/// not, as it does in the AWS CLI (`sharedBudget`).
public struct RetryPolicy: Sendable, Equatable {
    public static let defaultMaxAttempts = 3
    public static let defaultMaxThrottledAttempts = 25

    public var mode: RetryMode
    /// Attempts in all, the first included, when the failures are transient.
    public var maxAttempts: Int
    /// Attempts in all, the first included, when the failures are throttles.
    public var maxThrottledAttempts: Int
    /// When true, `maxAttempts` counts every attempt, throttled or not.
    public var sharedBudget: Bool
    /// A call is not retried after a throttle once this many seconds have passed since its first attempt.
    public var throttleWindow: Double
    /// The base of the exponential backoff, 1 s in the SDKs; tests make it tiny.
    public var baseDelay: Double
    /// No single backoff is longer than this.
    public var maxBackoff: Double

    /// `maxAttempts` is `AWS_MAX_ATTEMPTS` when set (a budget shared by every kind of failure),
    /// nil for ess's defaults (3 transient, 25 throttled).
    public init(
        mode: RetryMode = .default, maxAttempts: Int? = nil, baseDelay: Double = 1, maxBackoff: Double = 20, throttleWindow: Double = 120
    ) {
        self.mode = mode
        self.maxAttempts = max(1, maxAttempts ?? Self.defaultMaxAttempts)
        self.maxThrottledAttempts = maxAttempts.map { max(1, $0) } ?? Self.defaultMaxThrottledAttempts
        self.sharedBudget = maxAttempts != nil
        self.baseDelay = baseDelay
        self.maxBackoff = maxBackoff
        self.throttleWindow = throttleWindow
    }

    /// The policy a configuration asks for.
    public init(configuration: AWSConfiguration) {
        self.init(mode: configuration.retryMode, maxAttempts: configuration.maxAttempts, baseDelay: configuration.retryBaseDelay)
    }

    /// This policy with every attempt of a call bounded by `attempts` (1: no retries at all).
    public func limited(to attempts: Int) -> RetryPolicy {
        var policy = self
        policy.maxAttempts = max(1, attempts)
        policy.maxThrottledAttempts = policy.maxAttempts
        policy.sharedBudget = true
        return policy
    }

    /// How a failure counts.
    public enum Failure: Sendable, Equatable {
        /// Throttled: the long budget; the adaptive limiter slows down.
        case throttling
        /// A server-side 5xx or InternalError: the standard budget.
        case transient
        /// A connect failure or timeout: the standard budget, costs more of the quota.
        case connection
        /// Auth, validation and everything else: never retried.
        case permanent
    }

    /// What one call has been through so far; `EC2Client`'s loop keeps it.
    public struct Progress: Sendable, Equatable {
        public var throttles = 0
        public var otherFailures = 0
        /// Seconds since the call's first attempt began.
        public var elapsed: Double = 0

        public init(throttles: Int = 0, otherFailures: Int = 0, elapsed: Double = 0) {
            self.throttles = throttles
            self.otherFailures = otherFailures
            self.elapsed = elapsed
        }
    }

    /// botocore's list (`ThrottledRetryableChecker`).
    public static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
        "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
    ]
    /// botocore's transient codes, and EC2's own 5xx codes (`Unavailable` is EC2's "the server is
    /// overloaded", HTTP 503: transient by its status in every SDK, not a throttle).
    public static let transientCodes: Set<String> = [
        "InternalError", "InternalFailure", "ServiceUnavailable", "RequestTimeout", "RequestTimeoutException",
        "Unavailable",
    ]
    public static let transientStatuses: Set<Int> = [500, 502, 503, 504]

    public func classify(_ error: Error) -> Failure {
        if let transport = error as? HTTPTransportError {
            return transport.isConnectionFailure ? .connection : .permanent
        }
        guard let service = error as? any AWSServiceError else { return .permanent }
        if Self.throttlingCodes.contains(service.code) { return .throttling }
        if Self.transientCodes.contains(service.code) { return .transient }
        // A 5xx with a code we know to be the caller's fault is still not retried.
        if Self.transientStatuses.contains(service.httpStatus) && !Self.neverRetriedCodes.contains(service.code) { return .transient }
        return .permanent
    }

    /// Auth and validation codes: retrying cannot help.
    public static let neverRetriedCodes: Set<String> = [
        "AuthFailure", "UnauthorizedOperation", "InvalidClientTokenId", "SignatureDoesNotMatch", "OptInRequired",
        "InvalidParameterValue", "InvalidParameterCombination", "MissingParameter", "InvalidParameter",
        "ValidationError",
    ]

    /// Full jitter: a uniform draw in `0...min(maxBackoff, baseDelay × 2^attempt)`, where
    /// `attempt` counts the earlier retries of the same kind and `unit` is in `0...1`.
    public func backoff(afterAttempt attempt: Int, unit: Double) -> Double {
        let ceiling = min(maxBackoff, baseDelay * pow2(attempt))
        return max(0, min(1, unit)) * ceiling
    }

    /// The decision after an attempt failed with `error`; counts the failure in `progress` and
    /// takes a transient retry's cost from the quota, so a dead endpoint runs it dry and fails fast.
    public func decide(after error: Error, progress: inout Progress, quota: inout RetryQuota, unit: Double) -> RetryDecision {
        let failure = classify(error)
        switch failure {
        case .permanent:
            return .fail(reason: .notRetryable)
        case .throttling:
            progress.throttles += 1
            guard attemptsLeft(progress, limit: maxThrottledAttempts, own: progress.throttles) else { return .fail(reason: .attemptsExhausted) }
            let delay = backoff(afterAttempt: progress.throttles - 1, unit: unit)
            guard progress.elapsed + delay <= throttleWindow else { return .fail(reason: .throttleWindowExhausted) }
            return .retry(after: delay, cost: 0)
        case .transient, .connection:
            progress.otherFailures += 1
            guard attemptsLeft(progress, limit: maxAttempts, own: progress.otherFailures) else { return .fail(reason: .attemptsExhausted) }
            let cost = failure == .connection ? RetryQuota.timeoutCost : RetryQuota.retryCost
            guard quota.acquire(cost) else { return .fail(reason: .quotaExhausted) }
            return .retry(after: backoff(afterAttempt: progress.otherFailures - 1, unit: unit), cost: cost)
        }
    }

    /// Whether another attempt fits: the failures of this kind (or all of them, with a shared
    /// budget) are fewer than the attempts allowed.
    private func attemptsLeft(_ progress: Progress, limit: Int, own: Int) -> Bool {
        let failures = sharedBudget ? progress.throttles + progress.otherFailures : own
        return failures < (sharedBudget ? maxAttempts : limit)
    }

    private func pow2(_ exponent: Int) -> Double {
        exponent >= 62 ? Double.greatestFiniteMagnitude : Double(1 << max(0, exponent))
    }
}
