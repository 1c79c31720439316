/// One worker node in `GET /v1/cluster/state`, with Teraslice's field names: its slots
/// (`total`), the free ones (`available`), and what runs on the busy ones (`active`).
public struct NodeStateDocument: Codable, Sendable, Equatable {
    public struct Active: Codable, Sendable, Equatable {
        public var ex_id: String
        public var job_id: String
        public var assignment: String
        public var slices: Int

        public init(ex_id: String, job_id: String, slices: Int) {
            self.ex_id = ex_id
            self.job_id = job_id
            assignment = "worker"
            self.slices = slices
        }
    }

    public var node_id: String
    public var hostname: String
    /// `connected` while an execution holds a connection to it, `idle` otherwise, `lost` after
    /// its connection failed.
    public var state: String
    public var total: Int
    public var available: Int
    public var active: [Active]

    public init(node_id: String, hostname: String, state: String, total: Int, available: Int, active: [Active]) {
        self.node_id = node_id
        self.hostname = hostname
        self.state = state
        self.total = total
        self.available = available
        self.active = active
    }
}
