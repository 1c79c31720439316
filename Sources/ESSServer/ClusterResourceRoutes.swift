import ClusterModel
import Foundation
import Hummingbird
import JobAPI
import Jobs
import MasterModel

/// `/v1/clusters`: the API clusters' lifecycle (create, list, read, resize, terminate) over the
/// master's `ClusterController`; the master's own directory's cluster is listed as id 0.
struct ClusterResourceRoutes: Sendable {
    let clusters: ClusterController

    func add(to routes: RouteBuilder) {
        routes.add(.post, "/v1/clusters") { request, _ in
            var request = request
            let wanted = try ClusterBodies.create(try await request.bodyData())
            let made = try await Blocking.run { try clusters.create(wanted) }
            return Answer.json(APIDocuments.cluster(made), status: .created)
        }
        routes.add(.get, "/v1/clusters") { request, _ in
            let statuses = try request.clusterStatuses("status")
            let sort = try request.clusterSort()
            let since = try request.instant("since")
            let offset = try request.integer("offset", in: 0...Int(Int32.max)) ?? 0
            let limit = try request.integer("limit", in: 0...1000) ?? 100
            let views = try await Blocking.run {
                try clusters.views(status: statuses, since: since, sort: sort.field, descending: sort.descending, offset: offset, limit: limit)
            }
            return Answer.json(views.map(APIDocuments.cluster))
        }
        routes.add(.get, "/v1/clusters/:id") { _, context in
            let id = try context.pathID("id", kind: "cluster")
            return Answer.json(APIDocuments.cluster(try await Blocking.run { try clusters.view(of: id) }))
        }
        routes.add(.put, "/v1/clusters/:id") { request, context in
            let id = try context.pathID("id", kind: "cluster")
            var request = request
            let change = try ClusterBodies.update(try await request.bodyData())
            return Answer.json(APIDocuments.cluster(try await Blocking.run { try clusters.update(id, change) }))
        }
        routes.add(.delete, "/v1/clusters/:id") { _, context in
            let id = try context.pathID("id", kind: "cluster")
            return Answer.json(APIDocuments.cluster(try await Blocking.run { try clusters.terminate(id) }))
        }
    }
}

extension Request {
    /// Cluster statuses named in a comma-separated parameter; nil when absent.
    func clusterStatuses(_ name: String) throws -> [ClusterLifecycle.Status]? {
        guard let text = query(name), !text.isEmpty else { return nil }
        return try text.split(separator: ",").map { word in
            guard let status = ClusterLifecycle.Status(rawValue: String(word)) else {
                let known = ClusterLifecycle.Status.allCases.map(\.rawValue).joined(separator: ", ")
                throw RouteError.badQuery(name: name, problem: "`\(word.prefix(40))` is not a cluster status; expected one of \(known)")
            }
            return status
        }
    }

    /// `sort` (id, created, updated, name, status; id unless given) and `direction` (asc unless given).
    func clusterSort() throws -> (field: ClusterSort, descending: Bool) {
        (try word("sort", default: ClusterSort.id), try descending(default: false))
    }
}
