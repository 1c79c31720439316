import Foundation
import Hummingbird
import JobAPI
import JobModel
import Jobs
import MasterModel
import Notifications

/// Agave/Tapis v2's jobs service (`/jobs/v2/…`, with or without the trailing slash) over the
/// native core: an Agave job is an ess execution, an Agave app a stored job (`AgaveSubmission`
/// reads a job request); an app's jobs run beside each other (`SideBySide.allowed`), a
/// resubmission's too. Every answer is Agave's envelope
/// `{status, message, version, result}` (`naked=true`: the result alone); lists are paged by
/// `limit` (default 100, at most 1000) and `offset` and searched by `field.op=value`.
struct AgaveRoutes: Sendable {
    let master: JobMaster
    /// Which hosts a submission's notifications may reach.
    let hosts: HostGuard
    let address: ListenAddress
    static let root = "/jobs/v2"
    var views: ExecutionViews { ExecutionViews(master: master, address: address) }

    func add(to routes: RouteBuilder) {
        routes.router.add(middleware: DialectErrorMiddleware(dialect: .agave, table: routes.table))
        let root = Self.root
        routes.add(.get, root) { request, _ in
            let (offset, limit) = try Self.paging(request)
            let search = try AgaveSearch(request)
            return try Self.answer(try await Blocking.run { try list(search, offset: offset, limit: limit) }, request)
        }
        routes.add(.post, root) { request, _ in
            var request = request
            let body = try await request.bodyData()
            return try Self.answer(try await Blocking.run { try submit(try AgaveSubmission(body)) }, request, status: .created)
        }
        routes.add(.get, root + "/:id") { request, context in
            let exID = try Self.exID(context)
            return try Self.answer(try await Blocking.run { try job(exID) }, request)
        }
        routes.add(.get, root + "/:id/status") { request, context in
            let exID = try Self.exID(context)
            let status = try await Blocking.run { try master.execution(exID).status }
            return try Self.answer(AgaveStatusDocument(id: String(exID), status: AgaveFields.status(status)), request)
        }
        routes.add(.get, root + "/:id/history") { request, context in
            let exID = try Self.exID(context)
            let (offset, limit) = try Self.paging(request)
            let lines = try await Blocking.run { try master.history(of: exID, from: offset, size: limit) }
            return try Self.answer(lines.map(AgaveFields.history), request)
        }
        routes.add(.post, root + "/:id") { request, context in
            let exID = try Self.exID(context)
            var request = request
            let action = try Self.action(try await request.bodyData())
            switch action {
            case "stop":
                _ = try await views.controlled(exID, "stop", .stop(timeout: 10))
                return try Self.answer(try await Blocking.run { try job(exID) }, request)
            default:
                let made = try await Blocking.run {
                    let execution = try master.execution(exID)
                    let spec = try JSONDecoder().decode(JobSpec.self, from: Data(execution.spec.utf8))
                    return try job(try master.start(jobID: execution.jobID, variables: spec.variables, sideBySide: .allowed).exID ?? 0)
                }
                return try Self.answer(made, request, status: .created)
            }
        }
        routes.add(.delete, root + "/:id") { request, context in
            let exID = try Self.exID(context)
            let deleted = try await Blocking.run {
                let document = try job(exID)
                _ = try master.delete(exID: exID)
                return document
            }
            return try Self.answer(deleted, request)
        }
    }

    /// Starts the stored job the request's `appId` names with its parameters, on its
    /// `executionSystem`, its notifications following the new execution; the new job.
    func submit(_ submission: AgaveSubmission) throws -> AgaveJobDocument {
        let subscriptions = try SpecNotifications.records(submission.notifications, hosts: hosts)
        guard let app = try app(submission.appID), let jobID = app.id else {
            throw RouteError.badQuery(
                name: "appId", problem: "no app found matching `\(submission.appID.prefix(80))`; an app is a stored job, named by its id or its name (`GET /v1/jobs` lists them)")
        }
        let variables = try submission.variables(declared: try app.decodedSpec().variables, appID: jobID)
        let made = try master.start(
            jobID: jobID, variables: variables, clusterID: submission.clusterID, subscriptions: subscriptions, sideBySide: .allowed)
        return try job(made.exID ?? 0)
    }

    /// The stored job an `appId` names: the job of that id, else the newest of that name.
    func app(_ name: String) throws -> Job? {
        if let id = Int64(name), let found = try? master.job(id).job { return found }
        return try master.job(named: name)
    }

    /// One execution as an Agave job, read now (call off the event loops).
    func job(_ exID: Int64) throws -> AgaveJobDocument {
        try AgaveFields.job(try master.execution(exID), try master.statistics(of: exID))
    }

    /// Executions newest first that match `search`, the `offset`th match on, at most `limit`;
    /// read a page of the store at a time.
    func list(_ search: AgaveSearch, offset: Int, limit: Int) throws -> [AgaveJobDocument] {
        if search.terms.isEmpty { return try master.executions(from: offset, size: limit).map { try job($0.id ?? 0) } }
        var found: [AgaveJobDocument] = [], skipped = 0, from = 0
        let page = 500
        while found.count < limit {
            let executions = try master.executions(from: from, size: page)
            for execution in executions where found.count < limit {
                let document = try AgaveFields.job(execution, try master.statistics(of: execution.id ?? 0))
                guard search.matches(document) else { continue }
                if skipped < offset { skipped += 1 } else { found.append(document) }
            }
            if executions.count < page { break }
            from += page
        }
        return found
    }

    /// `{"action": "stop"|"resubmit"}`, or the form `action=stop` (a body that is not JSON).
    static func action(_ body: Data) throws -> String {
        let action: String? = try Dialect.body {
            var fields = JSONBody.isJSON(body) ? try JSONBody(body) : try JSONBody(form: body)
            let action = try fields.string("action", maxBytes: 64)
            try fields.finish(allowed: ["action"])
            return action
        }
        guard let action, ["stop", "resubmit"].contains(action) else {
            throw RouteError.badQuery(name: "action", problem: "expected stop or resubmit, found \(action.map { "`\($0.prefix(40))`" } ?? "none")")
        }
        return action
    }

    static func exID(_ context: BasicRequestContext) throws -> Int64 { try context.pathID("id", kind: "execution") }

    /// `offset` (default 0) and `limit` (default 100, at most 1000).
    static func paging(_ request: Request) throws -> (offset: Int, limit: Int) { try request.offsetLimit(limit: 100, most: 1000) }

    /// The result in Agave's envelope, or alone with `naked=true`; `filter=a,b` keeps only those
    /// fields of the result (of each one in a list).
    static func answer<T: Codable & Sendable>(_ result: T, _ request: Request, status: HTTPResponse.Status = .ok) throws -> Response {
        let naked = try request.flag("naked", default: false)
        guard let filter = request.query("filter"), !filter.isEmpty, filter != "*" else {
            return naked ? Answer.json(result, status: status) : Dialect.agave(result, status: status)
        }
        let fields = Set(filter.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        func kept(_ value: Any) -> Any {
            if let object = value as? [String: Any] { return object.filter { fields.contains($0.key) } }
            if let list = value as? [Any] { return list.map(kept) }
            return value
        }
        var object = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(AgaveEnvelope(status: "success", message: nil, version: Dialect.agaveVersion, result: result)))
            as? [String: Any] ?? [:]
        object["result"] = kept(object["result"] ?? NSNull())
        return Answer.object(naked ? object["result"] ?? NSNull() : object, status: status)
    }
}
