/// An Agave v2 notification (`/notifications/v2/`): Agave's field names over an ess
/// subscription. `secret` (ess's signing secret) is present only in the answer that made it.
public struct AgaveNotificationDocument: Codable, Sendable, Equatable {
    public var id: String
    public var owner: String
    public var url: String
    public var associatedUuid: String
    public var event: String
    public var persistent: Bool
    public var status: String
    public var policy: NotificationPolicyDocument
    public var created: String
    public var lastUpdated: String
    public var secret: String?
    public var _links: [String: AgaveJobDocument.Link]

    public init(
        id: String, owner: String, url: String, associatedUuid: String, event: String, persistent: Bool, status: String,
        policy: NotificationPolicyDocument, created: String, lastUpdated: String, secret: String?, links: [String: AgaveJobDocument.Link]
    ) {
        self.id = id
        self.owner = owner
        self.url = url
        self.associatedUuid = associatedUuid
        self.event = event
        self.persistent = persistent
        self.status = status
        self.policy = policy
        self.created = created
        self.lastUpdated = lastUpdated
        self.secret = secret
        _links = links
    }
}

/// One delivery attempt in Agave's words.
public struct AgaveAttemptDocument: Codable, Sendable, Equatable {
    public struct Response: Codable, Sendable, Equatable {
        public var code: Int?
        public var message: String?
    }

    public var id: String
    public var url: String
    public var event: String
    public var startTime: String
    public var response: Response

    public init(id: String, url: String, event: String, startTime: String, code: Int?, message: String?) {
        self.id = id
        self.url = url
        self.event = event
        self.startTime = startTime
        response = Response(code: code, message: message)
    }
}
