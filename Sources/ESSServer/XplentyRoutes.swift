import Foundation
import Hummingbird
import JobAPI
import JobModel
import Jobs
import MasterModel

/// Xplenty's API v2 (`/{account}/api/…`, any account name) over the native core: packages are
/// stored jobs, jobs are executions (a package's run beside each other: `SideBySide.allowed`),
/// clusters are the master's API clusters
/// (`XplentyClusterRoutes`). Lists are bare arrays, newest first, with Xplenty's parameters
/// (`XplentyList`); bodies are JSON or forms (`Dialect.fields`); every answer, DELETE's too, is a
/// JSON body; errors are `{"message"}`; `url` fields use the scheme the master serves. The
/// account is not checked: a master has one.
struct XplentyRoutes: Sendable {
    let master: JobMaster
    /// `https` when the master serves TLS, else `http`.
    let scheme: String
    let address: ListenAddress
    static let root = "/:account/api"
    static let jobFields = ["cluster_id", "package_id", "variables", "dynamic_variables"]
    var views: ExecutionViews { ExecutionViews(master: master, address: address) }

    func add(to routes: RouteBuilder) {
        routes.router.add(middleware: DialectErrorMiddleware(dialect: .xplenty, table: routes.table))
        let root = Self.root
        routes.add(.get, root + "/jobs") { request, context in
            let list = try XplentyList(request)
            let statuses = try request.query("status").flatMap { $0.isEmpty ? nil : try XplentyFields.statuses(named: $0) }
            let packageID = try request.integer("package_id", in: 0...Int(Int64.max)).map(Int64.init)
            let place = XplentyPlace(request, context, scheme: scheme)
            return Answer.json(try await Blocking.run {
                try master.executions(
                    status: statuses, jobID: packageID, since: list.since, sort: list.executionSort, descending: list.descending, from: list.offset,
                    size: list.limit
                ).map { try job($0.id ?? 0, place) }
            })
        }
        routes.add(.post, root + "/jobs") { request, context in
            var request = request
            let data = try await request.bodyData()
            let (clusterID, packageID, variables) = try Dialect.body {
                var body = try Dialect.fields(data, contentType: request.headers[.contentType], wrapper: "job")
                let clusterID = try body.integer("cluster_id", in: 0...Int64.max)
                let packageID = try body.integer("package_id", in: 0...Int64.max, required: true) ?? 0
                var variables = try body.variables("variables")
                variables.merge(try body.variables("dynamic_variables")) { _, dynamic in dynamic }
                try body.finish(allowed: Self.jobFields)
                return (clusterID, packageID, variables)
            }
            let place = XplentyPlace(request, context, scheme: scheme)
            return Answer.json(try await Blocking.run {
                try job(try master.start(jobID: packageID, variables: variables, clusterID: clusterID, sideBySide: .allowed).exID ?? 0, place)
            }, status: .created)
        }
        routes.add(.get, root + "/jobs/:id") { request, context in
            let exID = try context.pathID("id", kind: "job")
            let place = XplentyPlace(request, context, scheme: scheme)
            return Answer.json(try await Blocking.run { try job(exID, place) })
        }
        routes.add(.delete, root + "/jobs/:id") { request, context in
            let exID = try context.pathID("id", kind: "job")
            _ = try await views.controlled(exID, "stop", .stop(timeout: 10))
            let place = XplentyPlace(request, context, scheme: scheme)
            return Answer.json(try await Blocking.run { try job(exID, place) })
        }
        routes.add(.get, root + "/packages") { request, context in
            let (offset, limit) = try XplentyList.paging(request)
            let place = XplentyPlace(request, context, scheme: scheme)
            return Answer.json(try await Blocking.run {
                try master.jobs(from: offset, size: limit).map { try XplentyFields.package($0.job, place: place) }
            })
        }
        routes.add(.get, root + "/packages/:id") { request, context in
            let jobID = try context.pathID("id", kind: "job")
            let place = XplentyPlace(request, context, scheme: scheme)
            return Answer.json(try await Blocking.run { try XplentyFields.package(try master.job(jobID).job, place: place) })
        }
        routes.add(.get, root + "/rate_limit_status") { _, _ in
            Answer.json(XplentyRateLimitDocument(limit: 5000, remaining: 5000))
        }
        XplentyClusterRoutes(clusters: master.clusters, scheme: scheme).add(to: routes)
    }

    /// One execution as an Xplenty job, read now (call off the event loops).
    func job(_ exID: Int64, _ place: XplentyPlace) throws -> XplentyJobDocument {
        try XplentyFields.job(try master.execution(exID), try master.statistics(of: exID), place: place, now: Date())
    }
}
