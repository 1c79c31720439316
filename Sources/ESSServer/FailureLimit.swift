/// How many failed authentications a client address may make before its wrong or missing
/// tokens are answered 429 instead of 401: `burst` at once, then `perSecond` more. A right
/// token always passes. The default, `flood`, is far beyond what an honest client (which stops
/// at its first 401) or a contract checker sends; it only holds back a flood.
public struct FailureLimit: Sendable, Equatable {
    public var burst: Int
    public var perSecond: Double

    public init(burst: Int, perSecond: Double) {
        self.burst = burst
        self.perSecond = perSecond
    }

    /// 1,000 failures at once, then 10 a second.
    public static let flood = FailureLimit(burst: 1000, perSecond: 10)
}
