/// The master's own description (`GET /v1`): what it is and where its store lives, with
/// Teraslice's system fields (`arch`, `clustering_type`, `node_version`, `platform`,
/// `teraslice_version`; see `TerasliceTerms`).
public struct MasterDocument: Codable, Sendable, Equatable {
    public var name: String
    public var version: String
    public var directory: String
    public var pid: Int32
    public var started: String
    public var arch: String
    /// `native`: the master reaches its nodes itself, as Teraslice's native clustering does.
    public var clustering_type: String
    public var node_version: String
    public var platform: String
    public var teraslice_version: String

    public init(name: String, version: String, directory: String, pid: Int32, started: String) {
        self.name = name
        self.version = version
        self.directory = directory
        self.pid = pid
        self.started = started
        arch = TerasliceTerms.arch
        clustering_type = "native"
        node_version = TerasliceTerms.runtime
        platform = TerasliceTerms.platform
        teraslice_version = "v" + TerasliceTerms.version
    }
}
