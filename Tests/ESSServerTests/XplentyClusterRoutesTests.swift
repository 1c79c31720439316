import Foundation
import HTTPClient
import JobAPI
import XCTest

/// Xplenty's clusters through a real listening master with no provisioner (XplentySDKTests makes
/// real ones): listing, and refusals in Xplenty's shape with the native statuses.
final class XplentyClusterRoutesTests: XCTestCase {
    var server: ServerHarness!

    override func tearDown() {
        server?.stop()
        server = nil
    }

    func testWithoutAClusterInItsDirectoryTheListIsEmpty() throws {
        server = try ServerHarness()
        XCTAssertEqual(try server.json([XplentyClusterDocument].self, "GET", "/acme/api/clusters").count, 0)
        XCTAssertEqual(try server.json([XplentyClusterDocument].self, "GET", "/acme/api/clusters?status=all&offset=0&limit=100").count, 0)
        XCTAssertEqual(try server.json([XplentyClusterDocument].self, "GET", "/acme/api/clusters?status=available,idle&sort=created&direction=desc").count, 0)
    }

    func testACreatedClusterIsPendingAndItsNameAndIdlePolicyChange() throws {
        server = try ServerHarness()
        let body = #"{"type": "production", "nodes": 2, "name": "made", "description": "", "terminate_on_idle": 1, "time_to_idle": 600}"#
        let made = try server.json(XplentyClusterDocument.self, "POST", "/acme/api/clusters", body: body, status: 201)
        XCTAssertEqual([made.status, made.name, made.type], ["pending", "made", "production"])
        XCTAssertEqual([made.nodes, made.time_to_idle], [2, 600])
        XCTAssertTrue(made.terminate_on_idle)
        let changed = try server.json(XplentyClusterDocument.self, "PUT", "/acme/api/clusters/\(made.id)", body: #"{"name": "renamed", "terminate_on_idle": 0}"#)
        XCTAssertEqual(changed.name, "renamed")
        XCTAssertFalse(changed.terminate_on_idle)
        XCTAssertEqual(try server.json([XplentyClusterDocument].self, "GET", "/acme/api/clusters").map(\.name), ["renamed"])
    }

    func testRefusalsKeepTheNativeStatusInXplentysShape() throws {
        server = try ServerHarness()
        _ = try server.call("POST", "/v1/jobs?start=false", body: MasterServerTests.spec)
        for (method, path, body, status) in [
            ("DELETE", "/acme/api/clusters/0", "", 409), ("GET", "/acme/api/clusters/0", "", 404), ("GET", "/acme/api/clusters/9", "", 404), ("GET", "/acme/api/clusters?limit=101", "", 400),
            ("GET", "/acme/api/clusters?status=asleep", "", 400), ("POST", "/acme/api/clusters", #"{"nodes": "two"}"#, 400),
            ("POST", "/acme/api/clusters", #"{"nodes": 2, "colour": "red"}"#, 400), ("POST", "/acme/api/clusters", #"{"type": "sandbox", "nodes": 2}"#, 400),
            ("POST", "/acme/api/clusters", "[", 400), ("PUT", "/acme/api/clusters/0", #"{}"#, 400), ("PATCH", "/acme/api/clusters/0", "", 405),
            ("POST", "/acme/api/jobs", #"{"package_id": 1, "cluster_id": 7}"#, 422),
        ] {
            let response = try server.call(method, path, body: body)
            XCTAssertEqual(response.status, status, "\(method) \(path) \(body): \(String(decoding: response.body, as: UTF8.self))")
            XCTAssertFalse(try JSONDecoder().decode(XplentyErrorDocument.self, from: response.body).message.isEmpty)
        }
        XCTAssertEqual(try server.json([XplentyClusterDocument].self, "GET", "/acme/api/clusters").count, 0, "nothing was made")
        XCTAssertEqual(try server.json([XplentyJobDocument].self, "GET", "/acme/api/jobs").count, 0, "nothing was started")
    }
}
