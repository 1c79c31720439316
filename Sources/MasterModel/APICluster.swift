import ClusterModel
import Foundation

/// A cluster the master made through its API, as stored: what was asked for, the folder it
/// lives in, and its state machine (whole, as JSON, its status beside it for filtering).
public struct APICluster: Sendable, Equatable {
    public var id: Int64?
    public var name: String
    /// `sandbox` (1 node) or `production`.
    public var type: String
    public var provider: String
    public var instanceType: String
    /// Absolute path of the cluster's directory (its own `.conf/reservation.json`).
    public var folder: String
    public var status: String
    public var lifecycle: String
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64?, name: String, type: String, provider: String, instanceType: String, folder: String, status: String, lifecycle: String,
        createdAt: Date, updatedAt: Date
    ) {
        (self.id, self.name, self.type, self.provider, self.instanceType, self.folder) = (id, name, type, provider, instanceType, folder)
        (self.status, self.lifecycle, self.createdAt, self.updatedAt) = (status, lifecycle, createdAt, updatedAt)
    }

    /// A new cluster (no id yet) whose machine is `life`.
    public init(
        name: String, type: String, provider: String, instanceType: String, folder: String, life: ClusterLifecycle, at now: Date
    ) throws {
        self.init(
            id: nil, name: name, type: type, provider: provider, instanceType: instanceType, folder: folder, status: life.status.rawValue,
            lifecycle: try SortedJSON.text(life), createdAt: now, updatedAt: now)
    }

    /// Its state machine.
    public func life() throws -> ClusterLifecycle { try JSONDecoder().decode(ClusterLifecycle.self, from: Data(lifecycle.utf8)) }

    /// Records a new state of its machine.
    public mutating func set(_ life: ClusterLifecycle, at now: Date) throws {
        status = life.status.rawValue
        lifecycle = try SortedJSON.text(life)
        updatedAt = now
    }
}

/// How `GET /v1/clusters` may be sorted.
public enum ClusterSort: String, Sendable, CaseIterable {
    case id, created, updated, name, status
}
