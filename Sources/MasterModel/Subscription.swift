import Foundation

/// A notification subscription as stored: where to send (a URL, maybe with `${…}` variables),
/// which events (a name or a wildcard), for which job or cluster, whether it keeps firing, its
/// retry policy (JSON) and its signing secret. `exID` narrows a job's subscription to one of its
/// executions (an Agave job request's `notifications`, a `_start` body's).
public struct Subscription: Sendable, Equatable {
    public var id: Int64?
    public var url: String
    public var event: String
    public var jobID: Int64?
    /// Only this execution of `jobID`; nil: every execution of it.
    public var exID: Int64?
    public var clusterID: Int64?
    public var persistent: Bool
    public var policy: String
    public var secret: String
    public var enabled: Bool
    public var disabledReason: String?
    public var createdAt: Date
    public var updatedAt: Date

    /// A new, enabled subscription (no id yet) for every execution of `jobID`, or cluster `clusterID`.
    public init(
        url: String, event: String, jobID: Int64?, clusterID: Int64?, persistent: Bool, policy: String, secret: String, at now: Date
    ) {
        self.url = url
        self.event = event
        self.jobID = jobID
        self.clusterID = clusterID
        self.persistent = persistent
        self.policy = policy
        self.secret = secret
        enabled = true
        createdAt = now
        updatedAt = now
    }
}
