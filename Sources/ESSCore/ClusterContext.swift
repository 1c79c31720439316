import ClusterModel
import Foundation
import Logging
import Platform
import SSH

/// Where the verbs tell the user what is happening while they work.
public protocol ProgressSink: Sendable {
    /// A line worth keeping (a node came up, a step finished).
    func note(_ line: String)
    /// The current state of a long wait; a terminal redraws it in place.
    func progress(_ line: String)
    /// The wait is over; clear the progress line.
    func endProgress()
}

/// Makes the provider for a kind with its provider-only settings (the CLI passes one that
/// knows every provider).
public typealias ProviderFactory = @Sendable (ProviderKind, [String: String]) throws -> any Provider

/// What every `ess cluster` verb works with: this directory's stores, the provider factory,
/// how to reach nodes (SSH options, the connector), where progress goes, the clock waits run
/// on, and the flag Ctrl-C raises. Each verb (`CreateCluster`, `ReadStatus`, …) is built over one.
public struct ClusterContext: Sendable {
    public let paths: ESSPaths
    public let store: ReservationStore
    public let keys: KeyStore
    public let registry: ClusterRegistry
    let makeProvider: ProviderFactory
    public let sink: any ProgressSink
    public let logger: Logger
    public var sshOptions = SSHOptions()
    /// The ssh-agent's socket (the CLI passes `SSH_AUTH_SOCK`), for clusters without a key file.
    public var agentSocket: String?
    /// Words a node's failure for the user; the CLI passes its error renderer.
    public var describeError: @Sendable (any Error) -> String = { "\($0)" }
    public var parallel = 64
    /// Provider settings given on this command line or in the environment; they override the
    /// ones recorded in reservation.json.
    public var providerSettings: [String: String] = [:]
    /// Raised when the user asks the command to stop (Ctrl-C); create and terminate check it
    /// at their safe points, record what exists, and stop with a fact saying so (`LaunchError`, `TerminateError`).
    public var cancellation = CancellationFlag()
    /// How nodes are reached over SSH (libssh2 in production, a script in tests).
    public var connector: any NodeConnector = LibSSH2Connector()
    /// What waits on nodes measure and sleep with.
    public var clock: any WaitClock = SystemClock()

    /// `defaultUser` is each provider's user for a cluster file that names none.
    public init(
        paths: ESSPaths, makeProvider: @escaping ProviderFactory, defaultUser: @escaping @Sendable (ProviderKind) -> String,
        sink: any ProgressSink, logger: Logger, lockTimeout: TimeInterval = 10
    ) {
        self.paths = paths
        self.store = ReservationStore(paths: paths, lockTimeout: lockTimeout, defaultUser: defaultUser)
        self.keys = KeyStore(paths: paths)
        self.registry = ClusterRegistry(paths: paths)
        self.makeProvider = makeProvider
        self.sink = sink
        self.logger = logger
    }

    /// The directory's cluster; throws `ClusterError.noCluster` when there is none.
    public func requireState() throws -> ClusterState {
        guard let state = try store.load() else {
            throw ClusterError.noCluster(stateFile: paths.stateFile)
        }
        return state
    }

    /// The provider for a kind, with the cluster's recorded settings overlaid by this run's.
    func provider(_ kind: ProviderKind, state: ClusterState? = nil) throws -> any Provider {
        try makeProvider(kind, settings(for: state))
    }

    func settings(for state: ClusterState?) -> [String: String] {
        (state?.providerSettings ?? [:]).merging(providerSettings) { _, given in given }
    }

    /// How to reach the cluster's nodes; checks the key first.
    public func access(for state: ClusterState) throws -> NodeAccess {
        var access = try NodeAccess(state: state, paths: paths, options: sshOptions, agentSocket: agentSocket)
        access.describe = describeError
        return access
    }
}
