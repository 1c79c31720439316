import Foundation
import HTTPClient
import JobAPI
import JobModel
import JobsTestSupport
import XCTest

/// Every document Teraslice's management API shows an example of carries every field of that
/// example: the field sets below are copied from Teraslice's own
/// `docs/management-apis/endpoints-json.md` (terascope/teraslice at v3.18.0, commit b2b0080),
/// and each is checked against the document this master answers at the same route, read while
/// an execution runs, after it completed and after one failed a slice.
final class TerasliceDocumentTests: XCTestCase {
    /// `GET /v1`.
    static let system: Set = ["arch", "clustering_type", "name", "node_version", "platform", "teraslice_version"]
    /// One node of `GET /v1/cluster/state`, and one entry of its `active`.
    static let node: Set = ["node_id", "hostname", "pid", "node_version", "teraslice_version", "total", "state", "available", "active"]
    static let worker: Set = ["worker_id", "assignment", "pid"]
    /// One controller of `GET /v1/cluster/controllers` and `GET /v1/ex/{exId}/controller`. (The
    /// example of `GET /v1/jobs/{jobId}/controller` names four of these fields otherwise,
    /// `available_workers` for `workers_available`; its two siblings and Teraslice's code use these.)
    static let controller: Set = [
        "ex_id", "job_id", "name", "workers_available", "workers_active", "workers_joined", "workers_reconnected", "workers_disconnected",
        "failed", "subslices", "queued", "slice_range_expansion", "processed", "slicers", "subslice_by_key", "started",
    ]
    /// A job: `GET /v1/jobs`, `GET /v1/jobs/{jobId}`, `PUT`.
    static let job: Set = ["name", "lifecycle", "workers", "operations", "job_id", "_created", "_updated", "_context"]
    /// The job as `DELETE /v1/jobs/{jobId}` answers it.
    static let deletedJob = job.union(["_deleted", "_deleted_on", "active"])
    /// An execution: `GET /v1/jobs/{jobId}/ex`, `GET /v1/ex`, `GET /v1/ex/{exId}`.
    static let execution: Set = [
        "analytics", "lifecycle", "max_retries", "name", "operations", "probation_window", "slicers", "workers", "job_id", "ex_id",
        "_created", "_updated", "_context", "_status", "slicer_hostname", "slicer_port", "_has_errors", "_slicer_stats",
    ]
    /// An execution's `_slicer_stats`.
    static let slicerStats: Set = [
        "workers_active", "workers_joined", "queued", "job_duration", "subslice_by_key", "started", "failed", "subslices",
        "queuing_complete", "slice_range_expansion", "processed", "workers_available", "workers_reconnected", "workers_disconnected", "slicers",
    ]
    /// One error: `GET /v1/jobs/{jobId}/errors`, `GET /v1/ex/{exId}/errors`.
    static let error: Set = ["slice_id", "slicer_id", "slicer_order", "request", "state", "ex_id", "_created", "_updated", "error"]

    var server: ServerHarness!

    override func tearDown() {
        server?.stop()
        server = nil
    }

    static let spec = #"{"name":"count","command":"echo {start}","inputs":{"range":{"start":1,"end":6}}}"#
    static let failing = #"{"name":"oops","command":"echo oops {start}","retries":0,"inputs":{"range":{"start":1,"end":3}}}"#

    func testEveryDocumentCarriesTeraslicesFields() throws {
        server = try ServerHarness(FakeWorkers(held: true) { run, _ in
            run.command.contains("oops") ? .exited(code: 3, stderrTail: "Error: Uh-oh") : .exited(code: 0, stderrTail: "")
        })
        assertFields(try object("/v1"), Self.system, "GET /v1")
        _ = try server.json(SubmitAnswer.self, "POST", "/v1/jobs", body: Self.spec, status: 201)
        try server.waitFor(job: "1", ["running"])

        let state = try object("/v1/cluster/state")
        XCTAssertEqual(state.keys.sorted(), ["a", "b"], "keyed by node id")
        for (id, value) in state {
            let node = try XCTUnwrap(value as? [String: Any])
            assertFields(node, Self.node, "node \(id)")
            XCTAssertEqual(node["node_id"] as? String, id)
            XCTAssertEqual(node["pid"] as? Int, Int(getpid()), "the master's pid: it holds the node's connections")
            XCTAssertEqual(node["teraslice_version"] as? String, TerasliceTerms.version)
            XCTAssertEqual(node["total"] as? Int, 4)
            let active = try XCTUnwrap(node["active"] as? [[String: Any]])
            XCTAssertEqual(active.count, 1, "node \(id) works for execution 1")
            for worker in active { assertFields(worker, Self.worker, "node \(id)'s worker") }
        }
        for path in ["/v1/cluster/controllers", "/v1/cluster/slicers"] {
            let controllers = try XCTUnwrap(try server.call("GET", path).json as? [[String: Any]])
            XCTAssertEqual(controllers.count, 1, path)
            for controller in controllers { assertFields(controller, Self.controller, path) }
        }
        for path in ["/v1/ex/1/controller", "/v1/jobs/1/controller"] { assertFields(try object(path), Self.controller, path) }
        let current = try object("/v1/jobs/1?ex=assets,_status")
        assertFields(current, Self.job, "GET /v1/jobs/1?ex=assets,_status")
        XCTAssertEqual(Set((current["ex"] as? [String: Any] ?? [:]).keys), ["assets", "_status"], "only the fields `ex` names")

        server.workers.release()
        try server.waitFor(job: "1", ["completed"])
        for path in ["/v1/jobs/1/ex", "/v1/ex/1"] { try assertExecution(try object(path), path) }
        let executions = try XCTUnwrap(try server.call("GET", "/v1/ex").json as? [[String: Any]])
        XCTAssertEqual(executions.count, 1)
        for execution in executions { try assertExecution(execution, "GET /v1/ex") }
        let jobs = try XCTUnwrap(try server.call("GET", "/v1/jobs").json as? [[String: Any]])
        XCTAssertEqual(jobs.count, 1)
        for job in jobs + [try object("/v1/jobs/1")] {
            assertFields(job, Self.job, "a job")
            XCTAssertEqual(job["workers"] as? Int, 2, "a spec without `workers` uses both nodes")
        }

        _ = try server.json(SubmitAnswer.self, "POST", "/v1/jobs", body: Self.failing, status: 201)
        try server.waitFor(job: "2", ["completed", "failed"])
        for path in ["/v1/jobs/2/errors", "/v1/ex/2/errors"] {
            let errors = try XCTUnwrap(try server.call("GET", path).json as? [[String: Any]])
            XCTAssertFalse(errors.isEmpty, path)
            for error in errors { assertFields(error, Self.error, path) }
        }
        XCTAssertEqual(try object("/v1/ex/2")["_has_errors"] as? Bool, true)

        _ = try server.json(SubmitAnswer.self, "POST", "/v1/jobs?start=false", body: Self.spec, status: 201)
        let stored = try object("/v1/jobs/3?ex=")
        assertFields(stored, Self.job, "a job only stored")
        XCTAssertEqual((stored["ex"] as? [String: Any])?.count, 0, "`ex` is {} for a job without an execution")

        let deleted = try XCTUnwrap(try server.call("DELETE", "/v1/jobs/1").json as? [String: Any])
        assertFields(deleted, Self.deletedJob, "DELETE /v1/jobs/1")
        XCTAssertEqual(deleted["active"] as? Bool, false)
        XCTAssertEqual(deleted["_deleted"] as? Bool, true)
    }

    func assertExecution(_ execution: [String: Any], _ what: String, file: StaticString = #filePath, line: UInt = #line) throws {
        assertFields(execution, Self.execution, what, file: file, line: line)
        assertFields(try XCTUnwrap(execution["_slicer_stats"] as? [String: Any], file: file, line: line), Self.slicerStats, what + " _slicer_stats", file: file, line: line)
        XCTAssertEqual(execution["workers"] as? Int, 2, what, file: file, line: line)
        XCTAssertEqual(execution["slicer_port"] as? Int, URLComponents(string: server.url)?.port, what, file: file, line: line)
    }

    func assertFields(_ document: [String: Any], _ fields: Set<String>, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(fields.subtracting(document.keys).sorted(), [], "\(what) lacks Teraslice's fields", file: file, line: line)
    }

    func object(_ path: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let response = try server.call("GET", path)
        XCTAssertEqual(response.status, 200, "GET \(path): \(String(decoding: response.body, as: UTF8.self))", file: file, line: line)
        return try XCTUnwrap(response.json as? [String: Any], "GET \(path) is not an object", file: file, line: line)
    }
}

extension HTTPResponse {
    /// The body as JSON (nil when it is not).
    var json: Any? { try? JSONSerialization.jsonObject(with: body) }
}
