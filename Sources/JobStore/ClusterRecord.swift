import ClusterModel
import Foundation
import GRDB

/// A cluster the master made through its API: what was asked for, the folder it lives in,
/// and its state machine (stored whole as JSON, its status beside it for filtering).
public struct ClusterRecord: Sendable, Equatable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "clusters"
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

    enum CodingKeys: String, CodingKey {
        case id, name, type, provider, folder, status, lifecycle
        case instanceType = "instance_type"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public init(
        name: String, type: String, provider: String, instanceType: String, folder: String, life: ClusterLifecycle, at now: Date
    ) throws {
        self.name = name
        self.type = type
        self.provider = provider
        self.instanceType = instanceType
        self.folder = folder
        status = life.status.rawValue
        lifecycle = try JobStore.encode(life)
        createdAt = now
        updatedAt = now
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// Its state machine.
    public func life() throws -> ClusterLifecycle { try JSONDecoder().decode(ClusterLifecycle.self, from: Data(lifecycle.utf8)) }

    /// Records a new state of its machine.
    public mutating func set(_ life: ClusterLifecycle, at now: Date) throws {
        status = life.status.rawValue
        lifecycle = try JobStore.encode(life)
        updatedAt = now
    }
}

/// How `GET /v1/clusters` may be sorted.
public enum ClusterSort: String, Sendable, CaseIterable {
    case id, created, updated, name, status

    var column: String {
        switch self {
        case .id: "id"
        case .created: "created_at"
        case .updated: "updated_at"
        case .name: "name"
        case .status: "status"
        }
    }
}
