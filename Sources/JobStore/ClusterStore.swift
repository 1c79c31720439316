import ClusterModel
import Foundation
import GRDB
import MasterModel

/// The API clusters: stored beside the jobs (one database, one writer), each change one
/// transaction with the outbox event of a status it changes.
public struct ClusterStore: Sendable {
    let database: MasterDatabase
    var pool: DatabasePool { database.pool }

    public init(_ database: MasterDatabase) { self.database = database }

    /// Stores a new cluster; `folder` makes its folder's path from its id.
    public func insert(_ cluster: APICluster, folder: @Sendable (Int64) -> String) throws -> APICluster {
        try pool.write { db in
            var row = ClusterRow(cluster)
            try row.insert(db)
            let id = row.value.id!
            row.value.folder = folder(id)
            try row.update(db)
            if let status = ClusterLifecycle.Status(rawValue: row.value.status) {
                try OutboxRow.append(db, kind: .cluster, subject: id, event: OutboxEvent.event(for: status), at: row.value.createdAt)
            }
            return row.value
        }
    }

    public func cluster(_ id: Int64) throws -> APICluster {
        guard let cluster = try pool.read({ db in try ClusterRow.fetchOne(db, key: id)?.value }) else {
            throw StoreError.notFound(kind: "cluster", id: id)
        }
        return cluster
    }

    /// Clusters in the given statuses (all when nil) updated at or after `since`, sorted, paged.
    public func clusters(
        status: [ClusterLifecycle.Status]? = nil, since: Date? = nil, sort: ClusterSort = .id, descending: Bool = false, offset: Int = 0,
        limit: Int = 100
    ) throws -> [APICluster] {
        try pool.read { db in
            var request = ClusterRow.all()
            if let status { request = request.filter(status.map(\.rawValue).contains(Column("status"))) }
            if let since { request = request.filter(Column("updated_at") >= since) }
            let column = Column(sort.column)
            return try request.order(descending ? column.desc : column.asc, descending ? Column("id").desc : Column("id").asc)
                .limit(limit, offset: offset).fetchAll(db).map(\.value)
        }
    }

    /// Writes a cluster's new state, with an outbox event when its status changed.
    public func save(_ cluster: APICluster) throws {
        try pool.write { db in
            let before = try String.fetchOne(db, sql: "SELECT status FROM clusters WHERE id = ?", arguments: [cluster.id])
            try ClusterRow(cluster).update(db)
            if before != cluster.status, let id = cluster.id, let status = ClusterLifecycle.Status(rawValue: cluster.status) {
                try OutboxRow.append(db, kind: .cluster, subject: id, event: OutboxEvent.event(for: status), at: cluster.updatedAt)
            }
        }
    }
}

extension ClusterSort {
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
