import Foundation
import Hummingbird
import JobModel
import Jobs
import MasterModel

/// `/v1/ex`: executions listed (by status, job and `since`; sorted by id, created or updated)
/// and by id, their control, statistics, errors, history, slices and outputs.
struct ExecutionRoutes: Sendable {
    let master: JobMaster
    let address: ListenAddress
    var views: ExecutionViews { ExecutionViews(master: master, address: address) }

    func add(to routes: RouteBuilder) {
        routes.add(.get, "/v1/ex") { request, _ in
            let (from, size) = try request.paging()
            let statuses = try request.statuses("status")
            let sort = try request.word("sort", default: ExecutionSort.id), descending = try request.descending(default: true)
            let since = try request.instant("since"), jobID = try request.integer("job_id", in: 0...Int(Int64.max)).map(Int64.init)
            let documents = try await Blocking.run {
                let executions = try master.executions(
                    status: statuses, jobID: jobID, since: since, sort: sort, descending: descending, from: from, size: size)
                return try executions.map {
                    try APIDocuments.execution($0, try master.statistics(of: $0.id ?? 0), master: master, address: address)
                }
            }
            return Answer.json(documents)
        }
        routes.add(.get, "/v1/ex/:ex_id") { _, context in try await views.document(try exID(context)) }
        for name in ["stop", "pause", "resume"] {
            routes.add(.post, "/v1/ex/:ex_id/_\(name)") { request, context in try await views.control(try exID(context), name, request) }
        }
        routes.add(.post, "/v1/ex/:ex_id/_recover") { request, context in try await views.recover(try exID(context), request) }
        for name in ["controller", "slicer"] {
            routes.add(.get, "/v1/ex/:ex_id/\(name)") { _, context in try await views.statistics(try exID(context)) }
        }
        routes.add(.get, "/v1/ex/:ex_id/errors") { request, context in try await views.errors(try exID(context), request) }
        routes.add(.get, "/v1/ex/:ex_id/history") { request, context in try await views.history(try exID(context), request) }
        routes.add(.get, "/v1/ex/:ex_id/slices") { request, context in
            let exID = try exID(context)
            let states = try request.sliceStates("state")
            let after = try request.integer("after", in: -1...Int(Int64.max)) ?? -1
            let size = try request.integer("size", in: 0...1000) ?? 100
            let slices = try await Blocking.run { try master.slices(of: exID, in: states, after: Int64(after), size: size) }
            return Answer.json(slices.map(APIDocuments.slice))
        }
        routes.add(.get, "/v1/ex/:ex_id/slices/:n/output") { _, context in
            let exID = try exID(context), slice = try context.pathID("n", kind: "slice")
            guard let source = try await Blocking.run({ try master.output(of: exID, slice: slice) }) else {
                throw RouteError.noOutput(exID: exID, slice: slice)
            }
            let headers: HTTPFields = [.contentType: "application/octet-stream"]
            guard source.length > 0 else { return Response(status: .ok, headers: headers, body: ResponseBody()) }
            let range = Int(source.offset)...Int(source.offset + source.length - 1)
            let body = try await FileIO().loadFile(path: source.path, range: range, context: context)
            return Response(status: .ok, headers: headers, body: body)
        }
    }

    func exID(_ context: BasicRequestContext) throws -> Int64 { try context.pathID("ex_id", kind: "execution") }
}
