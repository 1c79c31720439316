/// An ess execution as Xplenty's API v2 shows a job (`/{account}/api/jobs`): integer ids, its
/// status in Xplenty's words, progress 0–1, run time, the times of its life, its errors as
/// text, its variables, and its outputs.
public struct XplentyJobDocument: Codable, Sendable, Equatable {
    /// One output target: ess keeps each slice's output, so a job has one, the slices'.
    public struct Output: Codable, Sendable, Equatable {
        public var id: Int64
        public var name: String
        public var records_count: Int
        public var progress: Double
        public var created_at: String
        public var updated_at: String
        public var url: String

        public init(id: Int64, name: String, records_count: Int, progress: Double, created_at: String, updated_at: String, url: String) {
            self.id = id
            self.name = name
            self.records_count = records_count
            self.progress = progress
            self.created_at = created_at
            self.updated_at = updated_at
            self.url = url
        }
    }

    public var id: Int64
    /// `idle`, `pending`, `running`, `completed`, `failed`, `stopping` or `stopped`.
    public var status: String
    public var variables: [String: String]
    public var dynamic_variables: [String: String]
    public var owner_id: Int64
    public var progress: Double
    public var outputs_count: Int
    public var outputs: [Output]
    public var created_at: String
    public var updated_at: String
    public var started_at: String?
    public var completed_at: String?
    public var failed_at: String?
    public var cluster_id: Int64
    public var package_id: Int64
    public var errors: String?
    public var runtime_in_seconds: Int
    public var url: String

    public init(
        id: Int64, status: String, variables: [String: String], owner_id: Int64, progress: Double, outputs: [Output],
        created_at: String, updated_at: String, started_at: String?, completed_at: String?, failed_at: String?, cluster_id: Int64,
        package_id: Int64, errors: String?, runtime_in_seconds: Int, url: String
    ) {
        self.id = id
        self.status = status
        self.variables = variables
        dynamic_variables = [:]
        self.owner_id = owner_id
        self.progress = progress
        outputs_count = outputs.count
        self.outputs = outputs
        self.created_at = created_at
        self.updated_at = updated_at
        self.started_at = started_at
        self.completed_at = completed_at
        self.failed_at = failed_at
        self.cluster_id = cluster_id
        self.package_id = package_id
        self.errors = errors
        self.runtime_in_seconds = runtime_in_seconds
        self.url = url
    }
}

/// A stored ess job as Xplenty shows a package (`/{account}/api/packages`).
public struct XplentyPackageDocument: Codable, Sendable, Equatable {
    public var id: Int64
    public var name: String
    /// The job's command.
    public var description: String
    public var variables: [String: String]
    public var owner_id: Int64
    public var created_at: String
    public var updated_at: String
    public var url: String
    /// Always `active`.
    public var status: String

    public init(id: Int64, name: String, description: String, variables: [String: String], owner_id: Int64, created_at: String, updated_at: String, url: String) {
        self.id = id
        self.name = name
        self.description = description
        self.variables = variables
        self.owner_id = owner_id
        self.created_at = created_at
        self.updated_at = updated_at
        self.url = url
        status = "active"
    }
}

/// `GET /{account}/api/rate_limit_status`: `{"limits": {"limit", "remaining"}}`.
public struct XplentyRateLimitDocument: Codable, Sendable, Equatable {
    public struct Limits: Codable, Sendable, Equatable {
        public var limit: Int
        public var remaining: Int
    }

    public var limits: Limits

    public init(limit: Int, remaining: Int) {
        limits = Limits(limit: limit, remaining: remaining)
    }
}

/// Xplenty's error answer: `{"message": "..."}`.
public struct XplentyErrorDocument: Codable, Sendable, Equatable {
    public var message: String

    public init(message: String) {
        self.message = message
    }
}
