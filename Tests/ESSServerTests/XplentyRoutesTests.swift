import Foundation
import JobAPI
import HTTPClient
import JobsTestSupport
import Platform
import XCTest

/// The Xplenty dialect in process (`RouteHarness`): packages, jobs, their statuses and fields,
/// paging, stop, and errors in Xplenty's shape; curl's forms through a real socket.
final class XplentyRoutesTests: XCTestCase {
    var server: RouteHarness!

    override func tearDown() {
        server?.stop()
        server = nil
    }

    func testAPackageRunsAsAJobWithVariablesAndReadsInXplentysFields() throws {
        server = try RouteHarness()
        _ = try server.call("POST", "/v1/jobs?start=false", body: MasterServerTests.spec)
        let packages = try server.json([XplentyPackageDocument].self, "GET", "/acme/api/packages")
        XCTAssertEqual(packages.map(\.id), [1])
        XCTAssertEqual(packages[0].variables, ["who": "me"])
        XCTAssertEqual(packages[0].status, "active")
        XCTAssertTrue(packages[0].url.hasSuffix("/acme/api/packages/1"), packages[0].url)
        XCTAssertEqual(try server.json(XplentyPackageDocument.self, "GET", "/acme/api/packages/1"), packages[0])

        let body = #"{"cluster_id": 0, "package_id": 1, "variables": {"who": "you"}, "dynamic_variables": {}}"#
        let started = try server.json(XplentyJobDocument.self, "POST", "/acme/api/jobs", body: body, status: 201)
        XCTAssertEqual(started.id, 1)
        XCTAssertEqual(started.package_id, 1)
        XCTAssertEqual(started.variables, ["who": "you"])
        XCTAssertTrue(["idle", "pending", "running", "completed"].contains(started.status), started.status)
        try server.waitFor(job: "1", ["completed"])

        let job = try server.json(XplentyJobDocument.self, "GET", "/acme/api/jobs/1")
        XCTAssertEqual(job.status, "completed")
        XCTAssertEqual(job.progress, 1)
        XCTAssertNotNil(job.completed_at)
        XCTAssertNil(job.failed_at)
        XCTAssertEqual(job.outputs_count, 1)
        XCTAssertEqual(job.outputs.first?.records_count, 40)
        XCTAssertTrue(job.url.hasSuffix("/acme/api/jobs/1"))
        XCTAssertEqual(try server.json([XplentyJobDocument].self, "GET", "/acme/api/jobs").map(\.id), [1])
        XCTAssertEqual(try server.json([XplentyJobDocument].self, "GET", "/acme/api/jobs?status=running").count, 0)
        XCTAssertEqual(try server.json([XplentyJobDocument].self, "GET", "/acme/api/jobs?status=completed&offset=0&limit=5").count, 1)
        XCTAssertEqual(try server.json([XplentyJobDocument].self, "GET", "/acme/api/jobs?offset=1").count, 0)

        let limits = try server.json(XplentyRateLimitDocument.self, "GET", "/acme/api/rate_limit_status")
        XCTAssertGreaterThan(limits.limits.remaining, 0)

        // As Xplenty's clients send them: the API key as the Basic user name with no colon, and
        // the vendor type, with or without the semicolon.
        let basic = "Basic " + Data(server.token.secret.utf8).base64EncodedString()
        for accept in ["application/vnd.xplenty+json version=2", "application/vnd.xplenty+json; version=2", "application/vnd.xplenty+json"] {
            let response = try server.call("GET", "/acme/api/jobs/1", headers: [("Authorization", basic), ("Accept", accept)])
            XCTAssertEqual(response.status, 200, accept)
            XCTAssertEqual(try JSONDecoder().decode(XplentyJobDocument.self, from: response.body).id, 1, accept)
        }
    }

    func testDeleteStopsTheJobAndAnswersItAsJSON() throws {
        server = try RouteHarness(FakeWorkers(held: true))
        _ = try server.call("POST", "/v1/jobs", body: MasterServerTests.spec)
        try server.waitFor(job: "1", ["running"])
        XCTAssertEqual(try server.json(XplentyJobDocument.self, "GET", "/acme/api/jobs/1").status, "running")
        let stopped = try server.json(XplentyJobDocument.self, "DELETE", "/acme/api/jobs/1")
        XCTAssertEqual(stopped.status, "stopped")
        XCTAssertNotNil(stopped.completed_at)
        let again = try server.call("DELETE", "/acme/api/jobs/1")
        XCTAssertEqual(again.status, 409)
        XCTAssertTrue(try message(again).contains("stopped"))
    }

    func testErrorsAreXplentysMessageWithTheNativeStatus() throws {
        server = try RouteHarness()
        for (method, path, body, status) in [
            ("GET", "/acme/api/jobs/77", "", 404), ("GET", "/acme/api/packages/9", "", 404), ("GET", "/acme/api/nothing", "", 404),
            ("PUT", "/acme/api/jobs/1", "", 405), ("GET", "/acme/api/jobs?limit=500", "", 400), ("GET", "/acme/api/jobs?status=sleepy", "", 400),
            ("POST", "/acme/api/jobs", "{", 400), ("POST", "/acme/api/jobs", #"{"cluster_id": 0}"#, 400),
            ("POST", "/acme/api/jobs", #"{"package_id": "one"}"#, 400), ("POST", "/acme/api/jobs", #"{"package_id": 1, "colour": 2}"#, 400),
            ("POST", "/acme/api/jobs", #"{"package_id": 5}"#, 404), ("POST", "/acme/api/jobs", #"{"package_id": 1, "dynamic_variables": {"9x": "1"}}"#, 400),
        ] {
            let response = try server.call(method, path, body: body)
            XCTAssertEqual(response.status, status, "\(method) \(path) \(body)")
            XCTAssertFalse(try message(response).isEmpty, "\(method) \(path)")
        }
        XCTAssertEqual(try server.call("PUT", "/acme/api/jobs/1").headers["allow"], "GET, DELETE")
        let wrong = try server.call("GET", "/acme/api/jobs", headers: [("Authorization", "Basic " + Data("not-the-key".utf8).base64EncodedString())])
        XCTAssertEqual(wrong.status, 401)
        XCTAssertFalse(try message(wrong).isEmpty, "a 401 is Xplenty's {message} too")
        XCTAssertEqual(try server.json([XplentyJobDocument].self, "GET", "/acme/api/jobs").count, 0, "nothing was started")
    }

    func testAFormRunsAJobAsXplentysCurlExamplesSendIt() throws {
        let server = try ServerHarness()
        defer { server.stop() }
        _ = try server.call("POST", "/v1/jobs?start=false", body: MasterServerTests.spec)
        // curl's -d, as Xplenty's examples write it: the API key as the user, the fields in `job[…]`.
        let outcome = try ChildProcess.run("/usr/bin/env", [
            "curl", "-sS", "-u", server.token.secret + ":", "-H", "Accept: application/vnd.xplenty+json; version=2",
            "-d", "job[cluster_id]=0", "-d", "job[package_id]=1", "-d", "job[variables][who]=form+user%21", server.url + "/acme/api/jobs",
        ])
        let started = try JSONDecoder().decode(XplentyJobDocument.self, from: outcome.stdout)
        XCTAssertEqual([started.id, started.package_id, started.cluster_id], [1, 1, 0])
        XCTAssertEqual(started.variables, ["who": "form user!"])
        try server.waitFor(job: "1", ["completed"])
        // The same fields without the wrapper, and JSON with it.
        let unwrapped = try form(server, "POST", "/acme/api/jobs", "package_id=1&dynamic_variables[who]=plain")
        XCTAssertEqual(unwrapped.status, 201, String(decoding: unwrapped.body, as: UTF8.self))
        XCTAssertEqual(try JSONDecoder().decode(XplentyJobDocument.self, from: unwrapped.body).variables, ["who": "plain"])
        try server.waitFor(job: "1", ["completed"])
        let wrapped = try server.json(XplentyJobDocument.self, "POST", "/acme/api/jobs", body: #"{"job": {"package_id": 1}}"#, status: 201)
        XCTAssertEqual(wrapped.variables, ["who": "me"])
        try server.waitFor(job: "1", ["completed"])

        for (body, field) in [
            ("job[package_id]=one", "package_id"), ("job[package_id]=1&job[colour]=red", "colour"), ("job[package_id=1", "job[package_id"),
            ("job[package_id]=1&job[package_id]=2", "job[package_id]"), ("job[variables][]=x&job[package_id]=1", "job[variables][]"),
            ("job[package_id]=%zz", "job[package_id]"), ("job[package_id]=1&job[variables][9x]=1", "variables.9x"), ("package_id", "package_id"),
            ("job[package_id]=1&job[package_id][x]=2", "job[package_id][x]"), ("job[cluster_id]=0", "package_id"),
        ] {
            let response = try form(server, "POST", "/acme/api/jobs", body)
            XCTAssertEqual(response.status, 400, body)
            let said = try message(response)
            XCTAssertTrue(said.contains("`\(field)`"), "\(body): \(said)")
        }
        XCTAssertEqual(try server.json([XplentyJobDocument].self, "GET", "/acme/api/jobs").count, 3, "the refused forms started nothing")
    }

    func testListsAreNewestFirstWithXplentysSortDirectionAndFilters() throws {
        server = try RouteHarness(FakeWorkers(held: true))
        for _ in 0..<2 { _ = try server.call("POST", "/v1/jobs?start=false", body: MasterServerTests.spec) }
        for package in [1, 2] {
            _ = try server.json(XplentyJobDocument.self, "POST", "/acme/api/jobs", body: #"{"package_id": \#(package)}"#, status: 201)
            try server.waitFor(job: "\(package)", ["running"])
        }
        // Job 2 is stopped first, then job 1: created 1 < 2, updated 2 < 1.
        for id in [2, 1] { XCTAssertEqual(try server.json(XplentyJobDocument.self, "DELETE", "/acme/api/jobs/\(id)").status, "stopped") }
        for (query, ids): (String, [Int64]) in [
            ("", [2, 1]), ("?direction=asc", [1, 2]), ("?sort=created&direction=desc", [2, 1]), ("?sort=updated", [1, 2]),
            ("?sort=updated&direction=asc", [2, 1]), ("?status=stopped&limit=1", [2]), ("?status=stopped&offset=1", [1]), ("?status=all", [2, 1]),
            ("?status=completed", []), ("?status=pending_stoppage", []), ("?package_id=1", [1]), ("?package_id=3", []),
            ("?since=2000-01-01T00:00:00Z", [2, 1]), ("?since=2999-01-01T00:00:00Z", []),
        ] {
            XCTAssertEqual(try server.json([XplentyJobDocument].self, "GET", "/acme/api/jobs" + query).map(\.id), ids, query)
        }
        // The native list takes the same: newest first by id unless asked.
        let native = try server.json([ExecutionDocument].self, "GET", "/v1/ex?sort=updated&direction=asc&job_id=2&since=2000-01-01T00:00:00.000Z")
        XCTAssertEqual(native.map(\.ex_id), ["2"])
        XCTAssertEqual(try server.json([ExecutionDocument].self, "GET", "/v1/ex?sort=updated").map(\.ex_id), ["1", "2"])
        for (query, name) in [
            ("sort=name", "sort"), ("sort=", "sort"), ("direction=up", "direction"), ("since=yesterday", "since"), ("since=2026-13-01T00:00:00Z", "since"),
            ("package_id=x", "package_id"), ("status=sleepy", "status"), ("limit=101", "limit"),
        ] {
            let response = try server.call("GET", "/acme/api/jobs?" + query)
            XCTAssertEqual(response.status, 400, query)
            let said = try message(response)
            XCTAssertTrue(said.contains("`\(name)`"), "\(query): \(said)")
        }
        for query in ["sort=name", "direction=up", "since=soon", "job_id=-1"] {
            try server.refused("GET", "/v1/ex?" + query, status: 400, code: "bad_request")
        }
    }

    /// A form body, sent as curl's `-d` sends it, with the token.
    func form(_ server: some MasterCalls, _ method: String, _ path: String, _ body: String) throws -> HTTPResponse {
        try server.call(method, path, body: body, headers: server.authorization + [("Content-Type", "application/x-www-form-urlencoded")])
    }

    func message(_ response: HTTPResponse) throws -> String {
        try JSONDecoder().decode(XplentyErrorDocument.self, from: response.body).message
    }
}
