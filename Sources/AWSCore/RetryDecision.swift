/// What to do after a failed attempt.
public enum RetryDecision: Sendable, Equatable {
    case retry(after: Double, cost: Int)
    case fail(reason: Reason)

    public enum Reason: Sendable, Equatable {
        case notRetryable, attemptsExhausted, quotaExhausted
        /// Throttled past the policy's time window for one call.
        case throttleWindowExhausted
    }
}
