import Foundation
import Hummingbird
import JobAPI
import JobModel
import Jobs
import MasterModel
import Notifications

/// `/v1/jobs`: submit, list, read, start, control, recover and delete jobs; the execution views
/// act on each job's current execution (its newest that has not ended, else its newest).
struct JobRoutes: Sendable {
    let master: JobMaster
    /// Which hosts a spec's notifications may reach.
    let hosts: HostGuard
    /// Job documents kept while the store is unchanged (pollers of `GET /v1/jobs/{id}`).
    let cache: DocumentCache
    let address: ListenAddress
    var views: ExecutionViews { ExecutionViews(master: master, address: address) }

    func add(to routes: RouteBuilder) {
        routes.add(.post, "/v1/jobs") { request, _ in try await submit(request) }
        routes.add(.get, "/v1/jobs") { request, _ in
            let (from, size) = try request.paging()
            guard let fields = JobExecutionFields(request) else {
                return Answer.json(try await Blocking.run {
                    try master.jobs(from: from, size: size).map { try APIDocuments.job($0.job, current: $0.current, master: master) }
                })
            }
            return try await Blocking.run {
                Answer.object(try master.jobs(from: from, size: size).map { try document($0.job, current: $0.current, with: fields) })
            }
        }
        routes.add(.get, "/v1/jobs/:id") { request, context in
            let jobID = try context.pathID("id", kind: "job")
            if let fields = JobExecutionFields(request) {
                return try await Blocking.run {
                    let found = try master.job(jobID)
                    return Answer.object(try document(found.job, current: found.current, with: fields))
                }
            }
            return try await cache.answer("job \(jobID)") {
                let found = try master.job(jobID)
                return Answer.json(try APIDocuments.job(found.job, current: found.current, master: master))
            }
        }
        routes.add(.delete, "/v1/jobs/:id") { _, context in
            let jobID = try context.pathID("id", kind: "job")
            return Answer.json(try await Blocking.run {
                let current = try master.job(jobID).current
                return try APIDocuments.job(try master.delete(jobID: jobID), current: current, master: master).deleted(at: APIDate.string(Date()))
            })
        }
        routes.add(.post, "/v1/jobs/:id/_start") { request, context in try await start(request, jobID: try context.pathID("id", kind: "job")) }
        routes.add(.get, "/v1/jobs/:id/ex") { _, context in try await views.document(try await current(context)) }
        for name in ["stop", "pause", "resume"] {
            routes.add(.post, "/v1/jobs/:id/_\(name)") { request, context in try await views.control(try await current(context), name, request) }
        }
        routes.add(.post, "/v1/jobs/:id/_recover") { request, context in try await views.recover(try await current(context), request) }
        for name in ["controller", "slicer"] {
            routes.add(.get, "/v1/jobs/:id/\(name)") { _, context in try await views.statistics(try await current(context)) }
        }
        routes.add(.get, "/v1/jobs/:id/errors") { request, context in try await views.errors(try await current(context), request) }
        routes.add(.get, "/v1/jobs/:id/history") { request, context in try await views.history(try await current(context), request) }
    }

    func current(_ context: BasicRequestContext) async throws -> Int64 {
        try await views.current(ofJob: try context.pathID("id", kind: "job"))
    }

    /// A job's document as a JSON object; with `fields` (`?ex=`), its current execution's
    /// document (those fields of it) under `ex`, `{}` when it has none, as Teraslice answers.
    func document(_ job: Job, current: Execution?, with fields: JobExecutionFields) throws -> [String: Any] {
        var object = try Answer.jsonObject(try APIDocuments.job(job, current: current, master: master))
        let execution = try current.flatMap(\.id).map { try Answer.jsonObject(try views.document(of: $0)) } ?? [:]
        object["ex"] = fields.kept(of: execution)
        return object
    }

    /// `POST /v1/jobs[?start=false][&var=K=V…][&cluster_id=N]` with the spec as its body → 201.
    func submit(_ request: Request) async throws -> Response {
        var request = request
        let start = try request.flag("start", default: true)
        let variables = try request.variables()
        let clusterID = try request.integer("cluster_id", in: 0...Int(Int64.max)).map(Int64.init)
        let body = try await request.bodyData()
        let subscriptions = try SpecNotifications.records(in: body, hosts: hosts)
        let made = try await Blocking.run { try master.submit(body, variables: variables, start: start, clusterID: clusterID, subscriptions: subscriptions) }
        return Answer.json(SubmitAnswer(job_id: String(made.jobID), ex_id: made.exID.map(String.init)), status: .created)
    }

    /// `POST /v1/jobs/{id}/_start`, the body optionally `{"variables": {...}, "cluster_id": N,
    /// "notifications": [...]}` (those follow the new execution alone), `var=K=V` and
    /// `cluster_id=N` in the query too.
    func start(_ request: Request, jobID: Int64) async throws -> Response {
        var request = request
        let body = try await request.bodyData()
        var variables = try Self.bodyVariables(body)
        variables.merge(try request.variables()) { _, query in query }
        let clusterID = try request.integer("cluster_id", in: 0...Int(Int64.max)).map(Int64.init) ?? Self.bodyClusterID(body)
        let subscriptions = try SpecNotifications.records(in: body, hosts: hosts)
        let made = try await Blocking.run { [variables] in
            try master.start(jobID: jobID, variables: variables, clusterID: clusterID, subscriptions: subscriptions, sideBySide: .refused)
        }
        return Answer.json(SubmitAnswer(job_id: String(made.jobID), ex_id: made.exID.map(String.init)))
    }

    static func bodyVariables(_ body: Data) throws -> [String: String] {
        guard !body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else { return [:] }
        guard let top = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            throw JobSpecError(field: "", problem: "the body is not a JSON object; send {\"variables\": {\"NAME\": \"value\"}} or nothing")
        }
        if let unknown = top.keys.sorted().first(where: { !["variables", "cluster_id", "notifications"].contains($0) }) {
            throw JobSpecError(field: unknown, problem: "is not known here; only `variables`, `cluster_id` and `notifications` may be given when starting a job")
        }
        if let notifications = top["notifications"], !(notifications is [Any]) {
            throw JobSpecError(field: "notifications", problem: "expected a list of subscriptions such as {\"url\": \"https://…\", \"event\": \"job.*\"}")
        }
        return try JobSpecParser.variables(top["variables"])
    }

    /// The `cluster_id` of a `_start` body (checked by `bodyVariables` first), if any.
    static func bodyClusterID(_ body: Data) throws -> Int64? {
        guard let top = try? JSONSerialization.jsonObject(with: body) as? [String: Any], let raw = top["cluster_id"] else { return nil }
        guard let number = raw as? NSNumber, let id = Int64(exactly: number.doubleValue), id >= 0 else {
            throw JobSpecError(field: "cluster_id", problem: "expected a cluster id, a whole number (`GET /v1/clusters` lists them)")
        }
        return id
    }
}
