import ClusterModel
import Foundation
import Logging
import Platform
import SSH

/// Where the service tells the user what is happening while it works.
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

/// Every `ess cluster` verb, provider-neutral: reads and changes reservation.json through
/// `ReservationStore`, talks to the cloud through a `Provider`, and to nodes over SSH.
/// Long waits never hold the state lock.
public struct ClusterService: Sendable {
    public let paths: ESSPaths
    public let store: ReservationStore
    public let keys: KeyStore
    public let registry: ClusterRegistry
    let makeProvider: ProviderFactory
    let sink: any ProgressSink
    let logger: Logger
    public var sshOptions = SSHOptions()
    /// Words a node's failure for the user; the CLI passes its error renderer.
    public var describeError: @Sendable (any Error) -> String = { "\($0)" }
    public var parallel = 64
    /// Provider settings given on this command line or in the environment; they override the
    /// ones recorded in reservation.json.
    public var providerSettings: [String: String] = [:]
    /// Raised when the user asks the command to stop (Ctrl-C); create and terminate check it
    /// at their safe points, record what exists, and stop with `ESSError.Code.interrupted`.
    public var cancellation = CancellationFlag()

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

    /// The directory's cluster, or an error saying how to make one.
    public func requireState() throws -> ClusterState {
        guard let state = try store.load() else {
            throw ESSError.failure("no cluster in this directory (\(paths.stateFile) does not exist); create one with `ess cluster create --number=3`")
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
        var access = try NodeAccess(state: state, paths: paths, options: sshOptions)
        access.describe = describeError
        return access
    }

    /// Provider errors, in the service's terms.
    func provided<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ProviderError {
            switch error.kind {
            case .unknownReservation, .unknownInstanceType, .unsupported: throw ESSError.usage(error.message)
            case .failed, .limit: throw ESSError.failure(error.message)
            }
        } catch let error as PlatformError {
            throw ESSError.failure("\(error)")
        }
    }

    /// Reads a yes/no answer; anything but y/yes (including no input at all) is no.
    public static func confirm(_ question: String) -> Bool {
        FileHandle.standardError.write(Data("\(question) [y/N] ".utf8))
        guard let answer = readLine() else {
            FileHandle.standardError.write(Data("\n".utf8))
            return false
        }
        return ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased())
    }
}
