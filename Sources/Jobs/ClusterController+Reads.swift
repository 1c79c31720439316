import ClusterModel
import Foundation
import JobStore
import MasterModel

/// Reading clusters as views: the stored API clusters and the master's own directory's one.
extension ClusterController {
    /// One cluster (`ClusterView.ownID`: the master's own; `StoreError.notFound` when it has none).
    public func view(of id: Int64) throws -> ClusterView {
        let counts = try executions.runningJobCounts()
        if id == ClusterView.ownID {
            guard let own = ownView(counts) else { throw StoreError.notFound(kind: "cluster", id: id) }
            return own
        }
        return try view(try store.cluster(id), counts)
    }

    /// Clusters in the given statuses (all when nil), the master's own first, then the API
    /// clusters sorted and paged (`offset`/`limit` count the master's own too). With `since`,
    /// only the API clusters updated at or after it (the master's own keeps no such time).
    public func views(
        status: [ClusterLifecycle.Status]? = nil, since: Date? = nil, sort: ClusterSort = .id, descending: Bool = false, offset: Int = 0,
        limit: Int = 100
    ) throws -> [ClusterView] {
        let counts = try executions.runningJobCounts()
        var out: [ClusterView] = []
        var skip = offset, room = limit
        if since == nil, let own = ownView(counts), status?.contains(own.status) ?? true {
            if skip == 0, room > 0 {
                out.append(own)
                room -= 1
            } else {
                skip -= 1
            }
        }
        guard room > 0 else { return out }
        let records = try store.clusters(status: status, since: since, sort: sort, descending: descending, offset: skip, limit: room)
        for record in records { out.append(try view(record, counts)) }
        return out
    }

    func view(_ record: APICluster, _ counts: [Int64?: Int]) throws -> ClusterView {
        let life = try record.life()
        let nodes = provisioner.summary(of: record.folder)?.nodes ?? []
        return ClusterView(record, life: life, runningJobs: counts[record.id] ?? 0, nodes: nodes)
    }

    func ownView(_ counts: [Int64?: Int]) -> ClusterView? {
        guard let summary = provisioner.summary(of: directory), !summary.nodes.isEmpty else { return nil }
        let running = (counts[nil] ?? 0) + (counts[ClusterView.ownID] ?? 0)
        return ClusterView(own: directory, summary: summary, runningJobs: running)
    }
}
