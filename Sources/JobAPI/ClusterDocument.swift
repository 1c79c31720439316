/// One cluster in `GET /v1/clusters[/{id}]` (native names). Times are `APIDate` strings; the
/// ones that have not happened are null. `id` 0 is the master's own directory's cluster
/// (`master: true`), made and ended with `ess cluster` there, not through the API.
public struct ClusterDocument: Codable, Sendable, Equatable {
    /// One node, as the cluster folder's reservation.json records it.
    public struct Instance: Codable, Sendable, Equatable {
        public var id: String
        public var reservation_id: String
        public var address: String?
        /// The node's state: `reachable`, `running`, `pending`, `terminated`, …
        public var state: String

        public init(id: String, reservation_id: String, address: String?, state: String) {
            self.id = id
            self.reservation_id = reservation_id
            self.address = address
            self.state = state
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(reservation_id, forKey: .reservation_id)
            try c.encode(address, forKey: .address)
            try c.encode(state, forKey: .state)
        }
    }

    public var id: Int64
    public var name: String
    /// `pending`, `creating`, `available`, `idle`, `pending_terminate`, `terminating`,
    /// `terminated` or `error`.
    public var status: String
    /// `sandbox` (1 node) or `production`.
    public var type: String
    public var provider: String
    public var instance_type: String
    /// How many nodes it has (or is being made with).
    public var nodes: Int
    public var terminate_on_idle: Bool
    public var time_to_idle: Int
    public var running_jobs_count: Int
    public var created_at: String?
    public var updated_at: String?
    public var available_since: String?
    public var idle_since: String?
    public var terminated_at: String?
    /// It was terminated because it stayed idle for `time_to_idle` seconds.
    public var terminated_on_idle: Bool
    /// Why it is in `error`.
    public var error_reason: String?
    /// The addresses of its live nodes.
    public var addresses: [String]
    public var instances: [Instance]
    /// Its directory on the master's machine (`ess cluster …` works there).
    public var folder: String
    /// It is the master's own directory's cluster.
    public var master: Bool

    public init(
        id: Int64, name: String, status: String, type: String, provider: String, instance_type: String, nodes: Int,
        terminate_on_idle: Bool, time_to_idle: Int, running_jobs_count: Int, created_at: String?, updated_at: String?,
        available_since: String?, idle_since: String?, terminated_at: String?, terminated_on_idle: Bool, error_reason: String?,
        addresses: [String], instances: [Instance], folder: String, master: Bool
    ) {
        self.id = id
        self.name = name
        self.status = status
        self.type = type
        self.provider = provider
        self.instance_type = instance_type
        self.nodes = nodes
        self.terminate_on_idle = terminate_on_idle
        self.time_to_idle = time_to_idle
        self.running_jobs_count = running_jobs_count
        self.created_at = created_at
        self.updated_at = updated_at
        self.available_since = available_since
        self.idle_since = idle_since
        self.terminated_at = terminated_at
        self.terminated_on_idle = terminated_on_idle
        self.error_reason = error_reason
        self.addresses = addresses
        self.instances = instances
        self.folder = folder
        self.master = master
    }

    /// Every field, nulls included.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(status, forKey: .status)
        try c.encode(type, forKey: .type)
        try c.encode(provider, forKey: .provider)
        try c.encode(instance_type, forKey: .instance_type)
        try c.encode(nodes, forKey: .nodes)
        try c.encode(terminate_on_idle, forKey: .terminate_on_idle)
        try c.encode(time_to_idle, forKey: .time_to_idle)
        try c.encode(running_jobs_count, forKey: .running_jobs_count)
        try c.encode(created_at, forKey: .created_at)
        try c.encode(updated_at, forKey: .updated_at)
        try c.encode(available_since, forKey: .available_since)
        try c.encode(idle_since, forKey: .idle_since)
        try c.encode(terminated_at, forKey: .terminated_at)
        try c.encode(terminated_on_idle, forKey: .terminated_on_idle)
        try c.encode(error_reason, forKey: .error_reason)
        try c.encode(addresses, forKey: .addresses)
        try c.encode(instances, forKey: .instances)
        try c.encode(folder, forKey: .folder)
        try c.encode(master, forKey: .master)
    }
}
