import Foundation
import JobAPI
import HTTPClient
import JobsTestSupport
import XCTest

/// The Xplenty dialect through a real listening master and libcurl: packages, jobs, their
/// statuses and fields, paging, stop, and errors in Xplenty's shape.
final class XplentyRoutesTests: XCTestCase {
    var server: ServerHarness!

    override func tearDown() {
        server?.stop()
        server = nil
    }

    func testAPackageRunsAsAJobWithVariablesAndReadsInXplentysFields() throws {
        server = try ServerHarness()
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
        server = try ServerHarness(FakeWorkers(held: true))
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
        server = try ServerHarness()
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

    func message(_ response: HTTPResponse) throws -> String {
        try JSONDecoder().decode(XplentyErrorDocument.self, from: response.body).message
    }
}
