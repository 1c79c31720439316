import ClusterModel
import Foundation

/// What `POST /v1/clusters` asks for, checked: `sandbox` is one node, `production` 1 to 256.
public struct ClusterRequest: Sendable, Equatable {
    public static let maximumNodes = 256
    public static let defaultTimeToIdle: TimeInterval = 3600

    public var name: String?
    public var nodes: Int
    public var type: String
    public var instanceType: String
    public var provider: String
    public var terminateOnIdle: Bool
    public var timeToIdle: TimeInterval

    public init(
        name: String? = nil, nodes: Int? = nil, type: String? = nil, instanceType: String? = nil, provider: String? = nil,
        terminateOnIdle: Bool = false, timeToIdle: TimeInterval? = nil
    ) {
        self.name = name
        self.type = type ?? "production"
        self.nodes = nodes ?? 1
        self.instanceType = instanceType ?? "m3.medium"
        self.provider = provider ?? "local"
        self.terminateOnIdle = terminateOnIdle
        self.timeToIdle = timeToIdle ?? Self.defaultTimeToIdle
    }

    /// Throws `ClusterRequestError` naming the first field that cannot be used.
    public func check() throws {
        guard ["sandbox", "production"].contains(type) else {
            throw ClusterRequestError(field: "type", problem: "must be sandbox (1 node) or production, not `\(type.prefix(40))`")
        }
        try Self.checkNodes(nodes, type: type)
        guard ProviderKind(userInput: provider) != nil else {
            throw ClusterRequestError(field: "provider", problem: "must be local, ec2 or custom, not `\(provider.prefix(40))`")
        }
        guard !instanceType.isEmpty, instanceType.count <= 64 else {
            throw ClusterRequestError(field: "instance_type", problem: "must name an instance type such as m3.medium")
        }
        if let name { try Self.checkName(name) }
        try Self.checkTimeToIdle(timeToIdle)
    }

    static func checkName(_ name: String) throws {
        guard !name.isEmpty, name.count <= 200 else { throw ClusterRequestError(field: "name", problem: "must be 1 to 200 characters") }
    }

    static func checkTimeToIdle(_ seconds: TimeInterval) throws {
        guard seconds.isFinite, (1...604_800).contains(seconds) else {
            throw ClusterRequestError(field: "time_to_idle", problem: "must be from 1 to 604800 seconds")
        }
    }

    static func checkNodes(_ nodes: Int, type: String) throws {
        if type == "sandbox", nodes != 1 {
            throw ClusterRequestError(field: "nodes", problem: "a sandbox cluster has exactly 1 node; ask for a production cluster for more")
        }
        guard (1...maximumNodes).contains(nodes) else {
            throw ClusterRequestError(field: "nodes", problem: "must be from 1 to \(maximumNodes), not \(nodes)")
        }
    }
}

/// What `PUT /v1/clusters/{id}` changes; nil: unchanged.
public struct ClusterUpdate: Sendable, Equatable {
    public var name: String?
    public var nodes: Int?
    public var terminateOnIdle: Bool?
    public var timeToIdle: TimeInterval?

    public init(name: String? = nil, nodes: Int? = nil, terminateOnIdle: Bool? = nil, timeToIdle: TimeInterval? = nil) {
        self.name = name
        self.nodes = nodes
        self.terminateOnIdle = terminateOnIdle
        self.timeToIdle = timeToIdle
    }

    /// Throws `ClusterRequestError` naming the first field that cannot be used on any cluster;
    /// `ClusterControllerError.sandboxResize` when it would resize a sandbox (which a request
    /// alone cannot show: the cluster's type is stored).
    public func check(clusterID: Int64, type: String) throws {
        if let nodes { try ClusterRequest.checkNodes(nodes, type: "production") }
        if let name { try ClusterRequest.checkName(name) }
        if let timeToIdle { try ClusterRequest.checkTimeToIdle(timeToIdle) }
        if type == "sandbox", let nodes, nodes != 1 { throw ClusterControllerError.sandboxResize(clusterID: clusterID) }
    }
}

/// A cluster request field that cannot be used (400 with the field).
public struct ClusterRequestError: Error, Sendable, Equatable {
    public var field: String
    public var problem: String

    public init(field: String, problem: String) {
        self.field = field
        self.problem = problem
    }
}
