/// The AWS SDKs' retry modes, as `AWS_RETRY_MODE` and a profile's `retry_mode` name them.
///
/// Both modes give throttling its own, longer budget (see `RetryPolicy`); `adaptive` adds the
/// client-side rate limiter that slows every call of the process after a throttle
/// (`AdaptiveRateLimiter`). `legacy`, botocore's mode from before standard existed, is read as
/// `standard`: a profile written for an older AWS CLI keeps working.
public enum RetryMode: String, Sendable, Equatable, CaseIterable {
    case standard
    case adaptive

    /// ess's default: a provisioning command sends bursts of calls against account-wide EC2
    /// request limits, and slowing down after a throttle is what EC2 asks of its callers.
    public static let `default` = RetryMode.adaptive

    /// `standard`, `adaptive` or `legacy` (as `standard`), any case; nil for anything else.
    public init?(setting: String) {
        switch setting.lowercased() {
        case "standard", "legacy": self = .standard
        case "adaptive": self = .adaptive
        default: return nil
        }
    }
}
