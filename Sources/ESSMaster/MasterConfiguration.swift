import ESSCore
import ESSServer
import Foundation
import Jobs
import JobWorkers
import Logging
import Notifications

/// Everything a master is built from, as one value: `ess serve` makes it from its flags and
/// environment, the tests make it by hand, and `buildMaster` turns it into the application. Nothing
/// below reads the process environment; what it holds comes in here.
public struct MasterConfiguration: Sendable {
    /// The master's directory: its own cluster (`.conf/reservation.json`), the base of relative
    /// input paths, and `clusters/<id>`, the API clusters' folders.
    public var directory: String
    /// Where and how the HTTP API listens (port 0: any free one), who may use it, TLS, limits.
    public var server: ServerSettings
    /// The SQLite store.
    public var storePath: String
    /// Slice outputs: `<outputRoot>/<ex_id>/<slice>.out`.
    public var outputRoot: String
    public var executions = ExecutionSettings()
    public var clusters = ClusterSettings()
    public var notifications = NotificationSettings()
    /// How executions reach their workers.
    public var workers: WorkerChoice
    /// The object store of S3 inputs and outputs (`ess serve`: S3 through the ec2 provider's
    /// credential chain; `.none` refuses S3 jobs).
    public var objectStores: ObjectStoreSource = .none
    /// Called once the port is bound and the unfinished executions of an earlier master are taken up.
    public var onReady: @Sendable (MasterReady) async -> Void = { _ in }
    /// Words an error a worker source or a folder's cluster throws, for an execution's or a
    /// cluster's reason (`ess serve` passes the CLI's renderer; the libraries throw facts).
    public var describeError: @Sendable (any Error) -> String = { "\($0)" }
    public var logger: Logger
    public var now: @Sendable () -> Date = { Date() }

    /// A master of `directory` keeping its store and outputs under `directory/.conf`, as `ess serve` does.
    public init(directory: String, server: ServerSettings, workers: WorkerChoice, logger: Logger = MasterConfiguration.defaultLogger) {
        self.directory = directory
        self.server = server
        self.storePath = directory + "/.conf/ess.db"
        self.outputRoot = directory + "/.conf/jobs"
        self.workers = workers
        self.logger = logger
    }

    /// The server's log: notices and worse.
    public static var defaultLogger: Logger {
        var logger = Logger(label: "ess.master")
        logger.logLevel = .notice
        return logger
    }
}

/// How executions are run: how many slices the slicer makes at a time, and the longest a change
/// waits for its batched transaction.
public struct ExecutionSettings: Sendable {
    public var batchSize = 1000
    public var flushDelay: TimeInterval = 0.05

    public init() {}
}

/// The API clusters (`/v1/clusters`): how many nodes they may have together, and how their
/// folders' clusters are made.
public struct ClusterSettings: Sendable {
    public var maxNodes = ClusterRequest.maximumNodes
    /// The verbs' context for an API cluster's folder (the CLI's providers, SSH settings and
    /// error words); nil: this master makes no clusters (each one asked for ends in `error`).
    public var folders: (@Sendable (_ folder: String) -> ClusterContext)?

    public init() {}
}

/// Notifications: which hosts webhooks may reach, the SMTP server for `mailto:`, and how long
/// ended deliveries, attempts and events are kept.
public struct NotificationSettings: Sendable {
    public var hosts = HostGuard()
    public var mail: MailSender?
    public var retention = NotificationDispatcher.defaultRetention

    public init() {}
}

/// Where an execution's workers come from.
public enum WorkerChoice: Sendable {
    /// The nodes of the folder's cluster over SSH (`.conf/reservation.json` there); `environment`
    /// says where keys and the local provider's inventory are (`ESS_AWS_DIR`, `ESS_LOCAL_DIR`).
    /// The master keeps its connections to them between executions (`WorkerConnections`).
    case clusterNodes(environment: [String: String], connections: WorkerConnections.Settings = .init())
    /// A source of the caller's for each folder (workers in memory, in tests).
    case given(@Sendable (_ folder: String) throws -> any WorkerSource)

    /// The master's kept connections for this choice; nil when its workers are not reached over SSH.
    func connections() -> WorkerConnections? {
        guard case .clusterNodes(_, let settings) = self else { return nil }
        return WorkerConnections(settings: settings)
    }

    func source(
        for folder: String, connections: WorkerConnections?, describe: @escaping @Sendable (any Error) -> String
    ) throws -> any WorkerSource {
        switch self {
        case .clusterNodes(let environment, _):
            return WordedWorkerSource(
                source: SSHWorkerSource(directory: folder, environment: environment, connections: connections), describe: describe)
        case .given(let make): return try make(folder)
        }
    }
}

/// What a master that is ready says of itself.
public struct MasterReady: Sendable {
    /// `http(s)://host:port`, the port the one bound.
    public var url: String
    /// Unfinished executions of an earlier master, now running again; or why they could not be.
    public var takenUp: Result<[Int64], any Error>
}
