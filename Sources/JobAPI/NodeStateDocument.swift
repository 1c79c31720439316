/// One worker node in `GET /v1/cluster/state`, with Teraslice's field names: its slots
/// (`total`), the free ones (`available`), and what runs on the busy ones (`active`). No ess
/// process lives on a node (the master reaches it over SSH), so `pid` and `node_version` are the
/// master's own, the process that holds the node's connections.
public struct NodeStateDocument: Codable, Sendable, Equatable {
    /// One execution's worker on the node: one connection, running `slices` at once.
    public struct Active: Codable, Sendable, Equatable {
        /// Its number among the node's workers, from 1.
        public var worker_id: Int
        public var ex_id: String
        public var job_id: String
        public var assignment: String
        /// The master's pid: the worker is a connection it holds.
        public var pid: Int32
        public var slices: Int

        public init(worker_id: Int, ex_id: String, job_id: String, pid: Int32, slices: Int) {
            self.worker_id = worker_id
            self.ex_id = ex_id
            self.job_id = job_id
            assignment = "worker"
            self.pid = pid
            self.slices = slices
        }
    }

    public var node_id: String
    public var hostname: String
    public var pid: Int32
    public var node_version: String
    /// `TerasliceTerms.version`, without Teraslice's `v` here as in Teraslice.
    public var teraslice_version: String
    /// `connected` while an execution holds a connection to it, `idle` otherwise, `lost` after
    /// its connection failed.
    public var state: String
    /// Its slots: its cpus, known before any execution connects to it (or more while an
    /// execution's spec gives it more `slots`).
    public var total: Int
    public var available: Int
    public var active: [Active]

    public init(node_id: String, hostname: String, pid: Int32, state: String, total: Int, available: Int, active: [Active]) {
        self.node_id = node_id
        self.hostname = hostname
        self.pid = pid
        node_version = TerasliceTerms.runtime
        teraslice_version = TerasliceTerms.version
        self.state = state
        self.total = total
        self.available = available
        self.active = active
    }
}
