/// An ess cluster as Xplenty's API v2 shows one (`/{account}/api/clusters`): integer id, its
/// status in Xplenty's words (the same as ess's), its node count and the times of its life.
public struct XplentyClusterDocument: Codable, Sendable, Equatable {
    public var id: Int64
    public var name: String
    /// ess clusters have no description: the folder it lives in.
    public var description: String
    /// `pending`, `creating`, `available`, `idle`, `pending_terminate`, `terminating`,
    /// `terminated` or `error`.
    public var status: String
    public var owner_id: Int64
    public var nodes: Int
    /// `sandbox` or `production`.
    public var type: String
    public var created_at: String?
    public var updated_at: String?
    public var available_since: String?
    public var idle_since: String?
    public var terminated_at: String?
    public var running_jobs_count: Int
    public var terminate_on_idle: Bool
    public var time_to_idle: Int
    public var terminated_on_idle: Bool
    /// Why it is in `error`.
    public var errors: String?
    /// The provider (`local`, `ec2`, `custom`).
    public var region: String
    public var master_instance_type: String
    public var slave_instance_type: String
    public var url: String

    public init(
        id: Int64, name: String, description: String, status: String, owner_id: Int64, nodes: Int, type: String, created_at: String?,
        updated_at: String?, available_since: String?, idle_since: String?, terminated_at: String?, running_jobs_count: Int,
        terminate_on_idle: Bool, time_to_idle: Int, terminated_on_idle: Bool, errors: String?, region: String, instance_type: String, url: String
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.status = status
        self.owner_id = owner_id
        self.nodes = nodes
        self.type = type
        self.created_at = created_at
        self.updated_at = updated_at
        self.available_since = available_since
        self.idle_since = idle_since
        self.terminated_at = terminated_at
        self.running_jobs_count = running_jobs_count
        self.terminate_on_idle = terminate_on_idle
        self.time_to_idle = time_to_idle
        self.terminated_on_idle = terminated_on_idle
        self.errors = errors
        self.region = region
        master_instance_type = instance_type
        slave_instance_type = instance_type
        self.url = url
    }
}
