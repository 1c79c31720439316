import Foundation
import JobAPI
import JobsTestSupport
import XCTest

/// Every route of the contract in process (`RouteHarness`): status and shape.
final class MasterServerTests: XCTestCase {
    var server: RouteHarness!

    override func tearDown() {
        server?.stop()
        server = nil
    }

    static let spec = #"{"name":"count","command":"echo {start} {who}","variables":{"who":"me"},"inputs":{"range":{"start":1,"end":40}}}"#

    func testGetV1DescribesTheMaster() throws {
        server = try RouteHarness()
        let about = try server.json(MasterDocument.self, "GET", "/v1")
        XCTAssertEqual(about.name, "ess")
        XCTAssertEqual(about.directory, server.folder)
        XCTAssertEqual(about.pid, getpid())
    }

    func testASubmittedJobRunsAndEveryReadAnswersInItsShape() throws {
        server = try RouteHarness()
        let made = try server.json(SubmitAnswer.self, "POST", "/v1/jobs?var=who=you", body: Self.spec, status: 201)
        XCTAssertEqual(made, SubmitAnswer(job_id: "1", ex_id: "1"))
        try server.waitFor(job: "1", ["completed"])

        let jobs = try server.json([JobDocument].self, "GET", "/v1/jobs?from=0&size=10")
        XCTAssertEqual(jobs.map(\.job_id), ["1"])
        XCTAssertEqual(jobs[0]._status, "completed")
        XCTAssertEqual(jobs[0].operations.map(\._op), ["range_slicer", "command"])
        XCTAssertEqual(try server.json(JobDocument.self, "GET", "/v1/jobs/1").ex_id, "1")

        let execution = try server.json(ExecutionDocument.self, "GET", "/v1/jobs/1/ex")
        XCTAssertEqual(execution._status, "completed")
        XCTAssertEqual(execution.variables, ["who": "you"])
        XCTAssertEqual(execution.progress, 1)
        XCTAssertEqual(execution._slicer_stats.processed, 40)
        XCTAssertEqual(execution._context, "ex")
        XCTAssertEqual(try server.json(ExecutionDocument.self, "GET", "/v1/ex/1"), execution)

        for path in ["/v1/jobs/1/controller", "/v1/jobs/1/slicer", "/v1/ex/1/controller", "/v1/ex/1/slicer"] {
            let stats = try server.json(ControllerStatistics.self, "GET", path)
            XCTAssertEqual([stats.processed, stats.failed, stats.queued, stats.in_flight, stats.total], [40, 0, 0, 0, 40], path)
        }
        let history = try server.json([HistoryDocument].self, "GET", "/v1/jobs/1/history")
        XCTAssertEqual(history.map(\.status), ["pending", "initializing", "running", "completed"])
        XCTAssertEqual(try server.json([HistoryDocument].self, "GET", "/v1/ex/1/history"), history)
        XCTAssertEqual(try server.json([HistoryDocument].self, "GET", "/v1/ex/1/history?from=1&size=2"), Array(history[1...2]), "history pages")
        XCTAssertEqual(try server.json([SliceDocument].self, "GET", "/v1/jobs/1/errors").count, 0)
        XCTAssertEqual(try server.json([SliceDocument].self, "GET", "/v1/ex/1/errors?from=0&size=5").count, 0)

        XCTAssertEqual(try server.json([ExecutionDocument].self, "GET", "/v1/ex").map(\.ex_id), ["1"])
        XCTAssertEqual(try server.json([ExecutionDocument].self, "GET", "/v1/ex?status=running,paused").count, 0)
        let slices = try server.json([SliceDocument].self, "GET", "/v1/ex/1/slices?state=completed&after=2&size=3")
        XCTAssertEqual(slices.map(\.slice), [3, 4, 5])
        XCTAssertEqual(slices[0].input, ["start": "4", "end": "4"])

        let output = try server.call("GET", "/v1/ex/1/slices/3/output")
        XCTAssertEqual(output.status, 200)
        XCTAssertEqual(output.headers["content-type"], "application/octet-stream")
        XCTAssertEqual(String(decoding: output.body, as: UTF8.self), "echo '4' 'you'\n")
        try server.refused("GET", "/v1/ex/1/slices/400/output", status: 404, code: "not_found")

        XCTAssertEqual(try server.json([ControllerStatistics].self, "GET", "/v1/cluster/controllers").count, 0)
        let state = try server.json([String: NodeStateDocument].self, "GET", "/v1/cluster/state")
        XCTAssertEqual(state.keys.sorted(), ["a", "b"])
        XCTAssertEqual(state["a"]?.state, "idle")
        XCTAssertEqual(state["a"]?.available, 4)
    }

    func testControlAnswersWithTheStatusAndConflictsNameIt() throws {
        server = try RouteHarness(FakeWorkers(held: true))
        _ = try server.json(SubmitAnswer.self, "POST", "/v1/jobs", body: Self.spec, status: 201)
        try server.waitFor(job: "1", ["running"])
        XCTAssertEqual(try server.json(ControlAnswer.self, "POST", "/v1/jobs/1/_pause").status, "paused")
        let again = try server.refused("POST", "/v1/jobs/1/_pause", status: 409, code: "conflict")
        XCTAssertTrue(again.message.contains("it is paused"), again.message)
        XCTAssertEqual(try server.json(ControlAnswer.self, "POST", "/v1/ex/1/_resume"), ControlAnswer(job_id: "1", ex_id: "1", status: "running"))

        let running = try server.json([ControllerStatistics].self, "GET", "/v1/cluster/slicers")
        XCTAssertEqual(running.map(\.ex_id), ["1"])
        let state = try server.json([String: NodeStateDocument].self, "GET", "/v1/cluster/state")
        XCTAssertEqual(state["b"]?.state, "connected")
        XCTAssertEqual(state["b"]?.active.map(\.ex_id), ["1"])
        for (path, header) in [("/txt/jobs", "job_id"), ("/txt/ex", "ex_id"), ("/txt/workers", "node_id"), ("/txt/nodes", "node_id")] {
            let text = try server.call("GET", path)
            XCTAssertEqual(text.status, 200, path)
            XCTAssertEqual(text.headers["content-type"], "text/plain; charset=utf-8", path)
            XCTAssertTrue(String(decoding: text.body, as: UTF8.self).hasPrefix(header), path)
        }
        XCTAssertTrue(String(decoding: try server.call("GET", "/txt/workers").body, as: UTF8.self).contains("\nb "))

        try server.refused("DELETE", "/v1/jobs/1", status: 409, code: "conflict")
        try server.refused("POST", "/v1/jobs/1/_start", status: 409, code: "conflict")
        try server.refused("POST", "/v1/jobs/1/_recover", status: 409, code: "conflict")
        XCTAssertEqual(try server.json(ControlAnswer.self, "POST", "/v1/jobs/1/_stop?timeout=1").status, "stopped")
        let stopped = try server.refused("POST", "/v1/ex/1/_stop", status: 409, code: "conflict")
        XCTAssertTrue(stopped.message.contains("it is stopped"), stopped.message)

        server.workers.release()
        XCTAssertEqual(try server.json(SubmitAnswer.self, "POST", "/v1/jobs/1/_recover?cleanup_type=pending"), SubmitAnswer(job_id: "1", ex_id: "2"))
        try server.waitFor(job: "1", ["completed"])
        XCTAssertEqual(try server.json(ExecutionDocument.self, "GET", "/v1/ex/2").recovered_execution, "1")
        XCTAssertEqual(try server.json(SubmitAnswer.self, "POST", "/v1/ex/2/_recover"), SubmitAnswer(job_id: "1", ex_id: "3"))
        try server.waitFor(job: "1", ["completed"])
        let deleted = try server.json(JobDocument.self, "DELETE", "/v1/jobs/1")
        XCTAssertEqual(deleted.job_id, "1")
        try server.refused("GET", "/v1/jobs/1", status: 404, code: "not_found")
        try server.refused("GET", "/v1/ex/2", status: 404, code: "not_found")
    }

    /// `GET /v1/jobs/{id}` is answered from memory while the store is unchanged: each change
    /// must show in the very next read, however often the job was read before it.
    func testAJobReadAgainShowsEveryChangeAtOnce() throws {
        server = try RouteHarness(FakeWorkers(held: true))
        func job(_ id: String = "1", file: StaticString = #filePath, line: UInt = #line) throws -> JobDocument {
            var last: JobDocument?
            for _ in 0..<3 { last = try server.json(JobDocument.self, "GET", "/v1/jobs/\(id)", file: file, line: line) }
            return last!
        }
        _ = try server.json(SubmitAnswer.self, "POST", "/v1/jobs?start=false", body: Self.spec, status: 201)
        XCTAssertNil(try job().ex_id)
        try server.refused("GET", "/v1/jobs/2", status: 404, code: "not_found")
        _ = try server.json(SubmitAnswer.self, "POST", "/v1/jobs?start=false", body: Self.spec, status: 201)
        XCTAssertEqual(try job("2").job_id, "2", "a 404 is not kept")
        _ = try server.json(SubmitAnswer.self, "POST", "/v1/jobs/1/_start")
        XCTAssertEqual(try job().ex_id, "1")
        try server.waitFor(job: "1", ["running"])
        XCTAssertEqual(try job()._status, "running")
        XCTAssertEqual(try server.json(ControlAnswer.self, "POST", "/v1/jobs/1/_stop?timeout=1").status, "stopped")
        XCTAssertEqual(try job()._status, "stopped")
        server.workers.release()
        XCTAssertEqual(try server.json(SubmitAnswer.self, "POST", "/v1/jobs/1/_recover?cleanup_type=pending").ex_id, "2")
        XCTAssertEqual(try job().ex_id, "2")
        try server.waitFor(job: "1", ["completed"])
        XCTAssertEqual(try job()._status, "completed")
        _ = try server.json(JobDocument.self, "DELETE", "/v1/jobs/1")
        try server.refused("GET", "/v1/jobs/1", status: 404, code: "not_found")
    }

    func testAStoredJobStartsWithVariablesFromTheBodyOrTheQuery() throws {
        server = try RouteHarness()
        let stored = try server.json(SubmitAnswer.self, "POST", "/v1/jobs?start=false", body: Self.spec, status: 201)
        XCTAssertEqual(stored, SubmitAnswer(job_id: "1", ex_id: nil))
        XCTAssertNil(try server.json(JobDocument.self, "GET", "/v1/jobs/1")._status)
        let none = try server.refused("GET", "/v1/jobs/1/ex", status: 404, code: "not_found")
        XCTAssertTrue(none.message.contains("_start"), none.message)
        let started = try server.json(SubmitAnswer.self, "POST", "/v1/jobs/1/_start", body: #"{"variables":{"who":"them"}}"#)
        XCTAssertEqual(started, SubmitAnswer(job_id: "1", ex_id: "1"))
        try server.waitFor(job: "1", ["completed"])
        XCTAssertEqual(try server.json(ExecutionDocument.self, "GET", "/v1/ex/1").variables, ["who": "them"])
        _ = try server.json(SubmitAnswer.self, "POST", "/v1/jobs/1/_start?var=who=us")
        try server.waitFor(job: "1", ["completed"])
        XCTAssertEqual(try server.json(ExecutionDocument.self, "GET", "/v1/ex/2").variables, ["who": "us"])
    }
}
