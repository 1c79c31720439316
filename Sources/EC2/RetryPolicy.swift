import HTTPClient

/// The AWS SDKs' "standard" retry mode as a value: it classifies a failure and says
/// "retry after X seconds" or "don't". The loop that sleeps lives in `EC2Client`.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts in all, the first included (`AWS_MAX_ATTEMPTS`, default 3).
    public var maxAttempts: Int
    /// The base of the exponential backoff, 1 s in the SDKs; tests make it tiny.
    public var baseDelay: Double
    /// No single backoff is longer than this.
    public var maxBackoff: Double

    public init(maxAttempts: Int = 3, baseDelay: Double = 1, maxBackoff: Double = 20) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxBackoff = maxBackoff
    }

    /// How a failure counts.
    public enum Failure: Sendable, Equatable {
        /// Throttled: retried, costs the normal retry cost.
        case throttling
        /// A server-side 5xx or InternalError: retried.
        case transient
        /// A connect failure or timeout: retried, costs more of the quota.
        case connection
        /// Auth, validation and everything else: never retried.
        case permanent
    }

    public static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
        "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
    ]
    public static let transientCodes: Set<String> = [
        "InternalError", "InternalFailure", "ServiceUnavailable", "RequestTimeout", "RequestTimeoutException",
        "Unavailable",
    ]
    public static let transientStatuses: Set<Int> = [500, 502, 503, 504]

    public func classify(_ error: Error) -> Failure {
        if let transport = error as? HTTPTransportError {
            return transport.isConnectionFailure ? .connection : .permanent
        }
        guard let service = error as? EC2Error else { return .permanent }
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
    /// `attempt` is the number of attempts made so far minus one and `unit` is in `0...1`.
    public func backoff(afterAttempt attempt: Int, unit: Double) -> Double {
        let ceiling = min(maxBackoff, baseDelay * pow2(attempt))
        return max(0, min(1, unit)) * ceiling
    }

    /// The decision after `attempt` (1-based) failed with `error`; takes the retry's cost from
    /// the quota, so a dead endpoint runs the quota dry and fails fast.
    public func decide(after error: Error, attempt: Int, quota: inout RetryQuota, unit: Double) -> RetryDecision {
        let failure = classify(error)
        guard failure != .permanent else { return .fail(reason: .notRetryable) }
        guard attempt < maxAttempts else { return .fail(reason: .attemptsExhausted) }
        let cost = failure == .connection ? RetryQuota.timeoutCost : RetryQuota.retryCost
        guard quota.acquire(cost) else { return .fail(reason: .quotaExhausted) }
        return .retry(after: backoff(afterAttempt: attempt - 1, unit: unit), cost: cost)
    }

    private func pow2(_ exponent: Int) -> Double {
        exponent >= 62 ? Double.greatestFiniteMagnitude : Double(1 << max(0, exponent))
    }
}

/// What to do after a failed attempt.
public enum RetryDecision: Sendable, Equatable {
    case retry(after: Double, cost: Int)
    case fail(reason: Reason)

    public enum Reason: Sendable, Equatable {
        case notRetryable, attemptsExhausted, quotaExhausted
    }
}

/// The SDKs' retry quota: a token bucket shared by every call of one client.
public struct RetryQuota: Sendable, Equatable {
    public static let capacity = 500
    public static let retryCost = 5
    public static let timeoutCost = 10
    /// What a success without retries puts back.
    public static let successRefill = 1

    public private(set) var available: Int

    public init(available: Int = RetryQuota.capacity) {
        self.available = available
    }

    /// Takes `cost` tokens; false (and nothing taken) when there are not enough.
    public mutating func acquire(_ cost: Int) -> Bool {
        guard available >= cost else { return false }
        available -= cost
        return true
    }

    /// A success: gives back what its retries took, or one token when it needed none.
    public mutating func release(retryCost: Int) {
        available = min(Self.capacity, available + (retryCost > 0 ? retryCost : Self.successRefill))
    }
}
