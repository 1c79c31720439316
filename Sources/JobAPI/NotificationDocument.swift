/// A subscription as the API answers it (`/v1/notifications`). `secret` is present only in
/// the answer that made it or rotated it: it is shown once.
public struct NotificationDocument: Codable, Sendable, Equatable {
    public var id: Int64
    public var url: String
    public var event: String
    public var job_id: Int64?
    /// Only this execution of `job_id` (a `_start` body's or an Agave job request's notifications).
    public var ex_id: Int64?
    public var cluster_id: Int64?
    public var persistent: Bool
    public var policy: NotificationPolicyDocument
    public var enabled: Bool
    public var disabled_reason: String?
    public var created: String
    public var updated: String
    public var secret: String?
    public var delivered: Int?
    public var pending: Int?
    public var failed: Int?

    public init(
        id: Int64, url: String, event: String, job_id: Int64?, ex_id: Int64? = nil, cluster_id: Int64?, persistent: Bool,
        policy: NotificationPolicyDocument, enabled: Bool, disabled_reason: String?, created: String, updated: String, secret: String? = nil
    ) {
        self.id = id
        self.url = url
        self.event = event
        self.job_id = job_id
        self.ex_id = ex_id
        self.cluster_id = cluster_id
        self.persistent = persistent
        self.policy = policy
        self.enabled = enabled
        self.disabled_reason = disabled_reason
        self.created = created
        self.updated = updated
        self.secret = secret
    }
}

/// A retry policy in Agave's words.
public struct NotificationPolicyDocument: Codable, Sendable, Equatable {
    public var retryStrategy: String?
    public var retryLimit: Int?
    public var retryDelay: Double?
    public var retryRate: Double?

    public init(retryStrategy: String? = nil, retryLimit: Int? = nil, retryDelay: Double? = nil, retryRate: Double? = nil) {
        self.retryStrategy = retryStrategy
        self.retryLimit = retryLimit
        self.retryDelay = retryDelay
        self.retryRate = retryRate
    }
}

/// The body of `POST /v1/notifications` (and a job spec's `notifications` entries).
public struct NotificationRequestDocument: Codable, Sendable, Equatable {
    public var url: String
    public var event: String
    public var job_id: Int64?
    public var cluster_id: Int64?
    public var persistent: Bool?
    public var policy: NotificationPolicyDocument?

    public init(url: String, event: String, job_id: Int64? = nil, cluster_id: Int64? = nil, persistent: Bool? = nil, policy: NotificationPolicyDocument? = nil) {
        self.url = url
        self.event = event
        self.job_id = job_id
        self.cluster_id = cluster_id
        self.persistent = persistent
        self.policy = policy
    }
}

/// One delivery attempt, as `GET /v1/notifications/{id}/attempts` lists it.
public struct AttemptDocument: Codable, Sendable, Equatable {
    public var id: Int64
    public var delivery_id: Int64
    public var webhook_id: String
    public var event: String
    public var at: String
    public var url: String
    public var status_code: Int?
    public var excerpt: String?
    public var error: String?
    public var duration_ms: Int

    public init(
        id: Int64, delivery_id: Int64, webhook_id: String, event: String, at: String, url: String, status_code: Int?, excerpt: String?, error: String?,
        duration_ms: Int
    ) {
        self.id = id
        self.delivery_id = delivery_id
        self.webhook_id = webhook_id
        self.event = event
        self.at = at
        self.url = url
        self.status_code = status_code
        self.excerpt = excerpt
        self.error = error
        self.duration_ms = duration_ms
    }
}
