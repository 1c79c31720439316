import Foundation

/// One instance as a provider reports it, in neutral terms.
public struct ProviderInstance: Sendable, Equatable {
    public var id: String
    public var reservationID: String
    public var type: String
    /// The provider's own state name, kept for display and debugging.
    public var rawState: String
    public var state: NodeState
    public var privateAddress: String?
    public var publicAddress: String?
    public var port: Int
    /// The `ess:cluster` tag, when the instance carries one.
    public var clusterTag: String?
    /// The key pair the instance was launched with.
    public var keyName: String?
    public var launchedAt: Date?

    public init(
        id: String, reservationID: String, type: String, rawState: String, state: NodeState,
        privateAddress: String?, publicAddress: String?, port: Int = 22, clusterTag: String?, keyName: String? = nil, launchedAt: Date?
    ) {
        self.id = id
        self.reservationID = reservationID
        self.type = type
        self.rawState = rawState
        self.state = state
        self.privateAddress = privateAddress
        self.publicAddress = publicAddress
        self.port = port
        self.clusterTag = clusterTag
        self.keyName = keyName
        self.launchedAt = launchedAt
    }

    /// The node as reservation.json records it.
    public var node: Node {
        Node(id: id, type: type, state: state, privateAddress: privateAddress, publicAddress: publicAddress, port: port)
    }
}

/// What a launch asks for.
public struct LaunchRequest: Sendable, Equatable {
    public var clusterID: String
    public var count: Int
    public var type: String
    public var keyName: String
    public var securityGroup: String
    /// Idempotency token: a retried launch with the same token must not start more nodes.
    public var clientToken: String

    public init(clusterID: String, count: Int, type: String, keyName: String, securityGroup: String, clientToken: String) {
        self.clusterID = clusterID
        self.count = count
        self.type = type
        self.keyName = keyName
        self.securityGroup = securityGroup
        self.clientToken = clientToken
    }
}

/// What a provider knows of an instance type.
public struct InstanceTypeInfo: Sendable, Equatable {
    public var name: String
    public var cpus: Int
    public var memoryMiB: Int

    public init(name: String, cpus: Int, memoryMiB: Int) {
        self.name = name
        self.cpus = cpus
        self.memoryMiB = memoryMiB
    }
}

/// What any provider may refuse, as facts: what was asked, of which provider, where. A
/// provider's own failures are its own type (`EC2ProviderError`, `LocalProviderError`).
public enum ProviderError: Error, Sendable, Equatable {
    /// The provider does not know the instance type `name` in `region`; `known` lists the
    /// types it has, when it can list them.
    case unknownInstanceType(name: String, provider: ProviderKind, region: String, known: [String]?)
    /// The provider knows none of `ids` in `region` (at `endpoint`, for a cloud API).
    case unknownReservations(ids: [String], provider: ProviderKind, region: String, endpoint: String?)
    /// The provider does not do `operation` (custom machines are the user's own).
    case unsupported(ProviderKind, ProviderOperation)
}

/// The operations a provider may not support.
public enum ProviderOperation: Sendable, Equatable {
    case launch, adopt, stop, start, terminate
}

/// The one interface every cloud sits behind. Calls are synchronous and may block:
/// call them from a thread, not from the Swift concurrency pool.
public protocol Provider: Sendable {
    var kind: ProviderKind { get }
    /// The region (or `local`) this provider works in.
    var region: String { get }
    /// The user to log in as on this provider's nodes.
    var defaultUser: String { get }

    /// Known instance types, or nil when the provider cannot list them.
    func instanceType(_ name: String) throws -> InstanceTypeInfo?

    /// Makes sure a key pair with this name and public key exists, tagged with the cluster.
    func ensureKeyPair(name: String, publicKey: String, clusterID: String) throws
    /// Makes sure the cluster's security group exists (SSH from here, all traffic inside); returns its id.
    func ensureSecurityGroup(name: String, clusterID: String) throws -> String

    /// Starts `count` instances as one reservation, tagged with the cluster.
    func launch(_ request: LaunchRequest) throws -> [ProviderInstance]
    /// The instances of these reservations. With `requireAll`, throws `ProviderError.unknownReservations`
    /// naming any id it does not know; without, unknown ids simply return no instances.
    func describe(reservationIDs: [String], requireAll: Bool) throws -> [ProviderInstance]
    /// Every live instance tagged with the cluster, whether or not reservation.json lists it.
    func describe(clusterID: String) throws -> [ProviderInstance]
    /// The live instances of the launch with this idempotency token (`LaunchRequest.clientToken`),
    /// found without any of their ids. While none shows, looks again for up to `patience` seconds:
    /// a provider whose listings lag its launches may not show one at once.
    func describe(launchToken: String, patience: TimeInterval) throws -> [ProviderInstance]

    /// Waits until every instance is running (or has failed or the timeout passed), with one
    /// provider call per poll for all of them; returns what it saw last, addresses included.
    func waitUntilRunning(instanceIDs: [String], timeout: TimeInterval) throws -> [ProviderInstance]

    /// Stops instances (they keep their disks and ids) and starts stopped ones again.
    func stop(instanceIDs: [String]) throws
    func start(instanceIDs: [String]) throws

    func terminate(instanceIDs: [String]) throws
    /// Waits until every instance is terminated, or the timeout passes; returns the ids still alive.
    func waitUntilTerminated(instanceIDs: [String], timeout: TimeInterval) throws -> [String]

    func deleteSecurityGroup(name: String, clusterID: String) throws
    func deleteKeyPair(name: String, clusterID: String) throws
}
