/// An ess execution as Agave/Tapis v2 shows a job (`/jobs/v2/`): its id as a string, the
/// stored job it runs as `appId`, its status in Agave's words, its variables as `parameters`,
/// and the times of its life.
public struct AgaveJobDocument: Codable, Sendable, Equatable {
    public struct Link: Codable, Sendable, Equatable {
        public var href: String

        public init(href: String) {
            self.href = href
        }
    }

    public var id: String
    public var name: String
    public var owner: String
    /// The stored ess job's id.
    public var appId: String
    /// The id of the cluster it runs on (`0`: the master's own directory's).
    public var executionSystem: String
    public var nodeCount: Int?
    public var processorsPerNode: Int?
    public var retries: Int
    public var archive: Bool
    /// `PENDING`, `STAGING_INPUTS`, `RUNNING`, `PAUSED`, `CLEANING_UP`, `FINISHED`, `FAILED`,
    /// `STOPPED` or `KILLED`.
    public var status: String
    /// The last status's meaning, or why it failed.
    public var message: String
    /// Completed slices over all of them (ess's own).
    public var progress: Double
    public var submitTime: String
    public var startTime: String?
    public var endTime: String?
    public var created: String
    public var lastUpdated: String
    public var inputs: InputsDocument
    public var parameters: [String: String]
    public var _links: [String: Link]

    public init(
        id: String, name: String, owner: String, appId: String, executionSystem: String, nodeCount: Int?, processorsPerNode: Int?,
        retries: Int, status: String, message: String, progress: Double, submitTime: String, startTime: String?, endTime: String?,
        lastUpdated: String, inputs: InputsDocument, parameters: [String: String], links: [String: Link]
    ) {
        self.id = id
        self.name = name
        self.owner = owner
        self.appId = appId
        self.executionSystem = executionSystem
        self.nodeCount = nodeCount
        self.processorsPerNode = processorsPerNode
        self.retries = retries
        archive = false
        self.status = status
        self.message = message
        self.progress = progress
        self.submitTime = submitTime
        self.startTime = startTime
        self.endTime = endTime
        created = submitTime
        self.lastUpdated = lastUpdated
        self.inputs = inputs
        self.parameters = parameters
        _links = links
    }
}

/// `GET /jobs/v2/{id}/status`'s result.
public struct AgaveStatusDocument: Codable, Sendable, Equatable {
    public var id: String
    public var status: String

    public init(id: String, status: String) {
        self.id = id
        self.status = status
    }
}

/// One entry of `GET /jobs/v2/{id}/history`.
public struct AgaveHistoryDocument: Codable, Sendable, Equatable {
    public var status: String
    public var created: String
    public var description: String

    public init(status: String, created: String, description: String) {
        self.status = status
        self.created = created
        self.description = description
    }
}
