import Foundation
import JobAPI
import XCTest

/// Refusals in process (`RouteHarness`): 400 with the spec's field, bad queries, 404, 405, 413,
/// each in the error shape.
final class MasterServerErrorTests: XCTestCase {
    var server: RouteHarness!

    override func setUpWithError() throws { server = try RouteHarness() }

    override func tearDown() {
        server.stop()
        server = nil
    }

    func testABadSpecIs400NamingTheFieldAndStoresNothing() throws {
        let bad = try server.refused("POST", "/v1/jobs", body: #"{"name":"x","command":"true","inputs":{"range":{"start":1,"end":2}},"retries":-1}"#, status: 400, code: "bad_request")
        XCTAssertEqual(bad.field, "retries")
        XCTAssertTrue(bad.message.contains("`retries`"), bad.message)
        XCTAssertEqual(try server.refused("POST", "/v1/jobs", body: "{not json", status: 400, code: "bad_request").field, "")
        XCTAssertEqual(try server.refused("POST", "/v1/jobs", body: #"{"name":"x","command":"cat","inputs":{"files":["none/*.x"]}}"#, status: 422, code: "unprocessable").field, "inputs.files")
        XCTAssertEqual(try server.refused("POST", "/v1/jobs?var=1x=2", body: MasterServerTests.spec, status: 400, code: "bad_request").field, "variables")
        try server.refused("POST", "/v1/jobs?var=novalue", body: MasterServerTests.spec, status: 400, code: "bad_request")
        XCTAssertEqual(try server.json([JobDocument].self, "GET", "/v1/jobs").count, 0)
    }

    func testBadQueriesAre400() throws {
        for path in ["/v1/jobs?size=5000", "/v1/jobs?from=-1", "/v1/ex?status=sleeping", "/v1/jobs?start=maybe", "/v1/ex/1/slices?state=odd"] {
            let method = path.contains("start=") ? "POST" : "GET"
            let refused = try server.refused(method, path, body: MasterServerTests.spec, status: 400, code: "bad_request")
            XCTAssertNil(refused.field, path)
        }
        _ = try server.json(SubmitAnswer.self, "POST", "/v1/jobs", body: MasterServerTests.spec, status: 201)
        try server.refused("POST", "/v1/jobs/1/_stop?timeout=forever", status: 400, code: "bad_request")
        try server.refused("POST", "/v1/jobs/1/_recover?cleanup_type=some", status: 400, code: "bad_request")
        try server.refused("POST", "/v1/jobs/1/_recover?cleanup_type=", status: 400, code: "bad_request")
        XCTAssertEqual(try server.refused("POST", "/v1/jobs/1/_start", body: #"{"variables":[1]}"#, status: 400, code: "bad_request").field, "variables")
        XCTAssertEqual(try server.refused("POST", "/v1/jobs/1/_start", body: #"{"name":"y"}"#, status: 400, code: "bad_request").field, "name")
    }

    func testUnknownRoutesAndIdsAre404AndWrongMethods405() throws {
        let route = try server.refused("GET", "/v2/things", status: 404, code: "not_found")
        XCTAssertTrue(route.message.contains("GET /v2/things"), route.message)
        for path in ["/v1/jobs/7", "/v1/jobs/abc", "/v1/jobs/7/ex", "/v1/ex/7", "/v1/ex/7/history", "/v1/ex/7/slices", "/v1/jobs/7/controller"] {
            try server.refused("GET", path, status: 404, code: "not_found")
        }
        try server.refused("DELETE", "/v1/jobs/7", status: 404, code: "not_found")
        try server.refused("POST", "/v1/jobs/7/_stop", status: 404, code: "not_found")
        let wrong = try server.call("PUT", "/v1/jobs")
        XCTAssertEqual(wrong.status, 405)
        XCTAssertEqual(wrong.headers["allow"], "POST, GET")
        XCTAssertEqual(try JSONDecoder().decode(APIErrorDocument.self, from: wrong.body).error.code, "method_not_allowed")
        try server.refused("GET", "/v1/jobs/1/_stop", status: 405, code: "method_not_allowed")
        try server.refused("POST", "/v1/cluster/state", status: 405, code: "method_not_allowed")
    }

    func testABodyOverOneMegabyteIs413() throws {
        let big = Data(repeating: 0x20, count: (1 << 20) + 1)
        let refused = try server.refused("POST", "/v1/jobs", data: big, status: 413, code: "too_large")
        XCTAssertTrue(refused.message.contains("1 MB"), refused.message)
        XCTAssertEqual(try server.json([JobDocument].self, "GET", "/v1/jobs").count, 0)
    }
}
