/// What ess puts where Teraslice's documents name Teraslice itself or Node.js, which ess is not.
public enum TerasliceTerms {
    /// `teraslice_version`: the Teraslice release whose management API ess follows, the one its
    /// documents are checked against (Teraslice's `docs/management-apis/endpoints-json.md` at that
    /// release). `GET /v1` and executions write it with a `v`, the nodes of `/v1/cluster/state`
    /// without, as Teraslice does.
    public static let version = "3.18.0"

    /// `node_version`: the runtime ess runs on, Swift, at the compiler version it was built with
    /// (Teraslice's is Node.js's `process.version`).
    public static var runtime: String {
        #if compiler(>=6.4)
        "swift-6.4-or-later"
        #elseif compiler(>=6.3)
        "swift-6.3"
        #elseif compiler(>=6.2)
        "swift-6.2"
        #elseif compiler(>=6.1)
        "swift-6.1"
        #else
        "swift-6.0"
        #endif
    }

    /// `arch` in Node.js's words (`process.arch`): `x64`, `arm64`.
    public static var arch: String {
        #if arch(x86_64)
        "x64"
        #elseif arch(arm64)
        "arm64"
        #else
        "unknown"
        #endif
    }

    /// `platform` in Node.js's words (`process.platform`): `linux`, `darwin`.
    public static var platform: String {
        #if os(Linux)
        "linux"
        #elseif os(macOS)
        "darwin"
        #else
        "unknown"
        #endif
    }

    /// The job settings Teraslice's job and execution documents carry that no ess spec sets:
    /// one slicer per execution, no assets, no per-operation analytics, no recovery on start, no
    /// state kept between executions, no `probation_window` (Teraslice's is for `persistent`
    /// jobs; ess's are `once`), and `info` for `log_level` (ess keeps every slice's stderr tail;
    /// a job has no level to set).
    public static let slicers = 1
    public static let assets: [String] = []
    public static let analytics = false
    public static let autorecover = false
    public static let stateful = false
    public static let probationWindow = 0
    public static let logLevel = "info"
}
