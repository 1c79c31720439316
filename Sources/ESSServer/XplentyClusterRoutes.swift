import Foundation
import Hummingbird
import JobAPI
import JobModel
import Jobs

/// Xplenty's clusters (`/{account}/api/clusters`) over the master's `ClusterController`: create
/// (`type`, `nodes`, `name`, `description`, `terminate_on_idle` 1/0, `time_to_idle`; JSON or a
/// form), list (`status`, and `XplentyList`'s parameters), read, update (`nodes`, `name`,
/// `terminate_on_idle`, `time_to_idle`), terminate. `description` is taken and not kept.
/// The master's own directory's cluster is id 0.
struct XplentyClusterRoutes: Sendable {
    let clusters: ClusterController
    let scheme: String
    static let createFields = ["type", "nodes", "name", "description", "terminate_on_idle", "time_to_idle", "slave_instance_type"]
    static let updateFields = ["nodes", "name", "description", "terminate_on_idle", "time_to_idle"]

    func add(to routes: RouteBuilder) {
        let root = XplentyRoutes.root + "/clusters"
        routes.add(.post, root) { request, context in
            var request = request
            let data = try await request.bodyData()
            let wanted = try Dialect.body {
                var body = try Dialect.fields(data, contentType: request.headers[.contentType], wrapper: "cluster")
                let type = try body.string("type", maxBytes: 64)
                let nodes = try body.integer("nodes", in: 0...Int64(Int32.max)).map(Int.init)
                let name = try body.string("name", maxBytes: 200).flatMap { $0.isEmpty ? nil : $0 }
                _ = try body.string("description")
                let terminateOnIdle = try body.flag("terminate_on_idle") ?? false
                let timeToIdle = try body.integer("time_to_idle", in: 0...Int64(Int32.max)).map(TimeInterval.init)
                let instanceType = try body.string("slave_instance_type", maxBytes: 64)
                try body.finish(allowed: Self.createFields)
                return ClusterRequest(
                    name: name, nodes: nodes, type: type, instanceType: instanceType, terminateOnIdle: terminateOnIdle,
                    timeToIdle: timeToIdle)
            }
            let place = XplentyPlace(request, context, scheme: scheme)
            return Answer.json(XplentyFields.cluster(try await Blocking.run { try clusters.create(wanted) }, place: place), status: .created)
        }
        routes.add(.get, root) { request, context in
            let list = try XplentyList(request)
            let statuses = request.query("status") == "all" ? nil : try request.clusterStatuses("status")
            let place = XplentyPlace(request, context, scheme: scheme)
            let views = try await Blocking.run {
                try clusters.views(
                    status: statuses, since: list.since, sort: list.clusterSort, descending: list.descending, offset: list.offset, limit: list.limit)
            }
            return Answer.json(views.map { XplentyFields.cluster($0, place: place) })
        }
        routes.add(.get, root + "/:id") { request, context in
            let id = try context.pathID("id", kind: "cluster")
            let place = XplentyPlace(request, context, scheme: scheme)
            return Answer.json(XplentyFields.cluster(try await Blocking.run { try clusters.view(of: id) }, place: place))
        }
        routes.add(.put, root + "/:id") { request, context in
            let id = try context.pathID("id", kind: "cluster")
            var request = request
            let data = try await request.bodyData()
            let change = try Dialect.body {
                var body = try Dialect.fields(data, contentType: request.headers[.contentType], wrapper: "cluster")
                let change = ClusterUpdate(
                    name: try body.string("name", maxBytes: 200), nodes: try body.integer("nodes", in: 0...Int64(Int32.max)).map(Int.init),
                    terminateOnIdle: try body.flag("terminate_on_idle"),
                    timeToIdle: try body.integer("time_to_idle", in: 0...Int64(Int32.max)).map(TimeInterval.init))
                _ = try body.string("description")
                try body.finish(allowed: Self.updateFields)
                guard change != ClusterUpdate() else {
                    throw JobSpecError(field: "", problem: "it changes nothing; send nodes, name, terminate_on_idle or time_to_idle")
                }
                return change
            }
            let place = XplentyPlace(request, context, scheme: scheme)
            return Answer.json(XplentyFields.cluster(try await Blocking.run { try clusters.update(id, change) }, place: place))
        }
        routes.add(.delete, root + "/:id") { request, context in
            let id = try context.pathID("id", kind: "cluster")
            let place = XplentyPlace(request, context, scheme: scheme)
            return Answer.json(XplentyFields.cluster(try await Blocking.run { try clusters.terminate(id) }, place: place))
        }
    }
}
