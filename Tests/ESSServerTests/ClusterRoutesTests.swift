import Foundation
import JobAPI
import XCTest

/// `/v1/clusters` through a real listening master whose controller has no provisioner (its
/// ticker is not started, so clusters stay `pending` until deleted): the documents, and every
/// refusal in the error shape with the store unchanged.
final class ClusterRoutesTests: XCTestCase {
    var server: ServerHarness!

    override func setUpWithError() throws { server = try ServerHarness() }

    override func tearDown() {
        server.stop()
        server = nil
    }

    func clusters() throws -> [ClusterDocument] { try server.json([ClusterDocument].self, "GET", "/v1/clusters") }

    func testCreateReadAndDeleteAPendingCluster() throws {
        XCTAssertEqual(try clusters(), [], "a master whose directory has no cluster lists none")
        let made = try server.json(ClusterDocument.self, "POST", "/v1/clusters", body: #"{"nodes": 3, "instance_type": "t2.micro"}"#, status: 201)
        XCTAssertEqual([made.status, made.type, made.provider, made.name], ["pending", "production", "local", "cluster-\(made.id)"])
        XCTAssertEqual([made.nodes, made.time_to_idle, made.running_jobs_count], [3, 3600, 0])
        XCTAssertNil(made.available_since)
        XCTAssertTrue(made.folder.hasSuffix("/clusters/\(made.id)"))
        let raw = try XCTUnwrap(try JSONSerialization.jsonObject(with: try server.call("GET", "/v1/clusters/\(made.id)").body) as? [String: Any])
        XCTAssertTrue(raw["idle_since"] is NSNull, "times not yet reached are null, not absent")
        try server.refused("PUT", "/v1/clusters/\(made.id)", body: #"{"nodes": 2}"#, status: 409, code: "conflict")
        let deleting = try server.json(ClusterDocument.self, "DELETE", "/v1/clusters/\(made.id)")
        XCTAssertTrue(["pending_terminate", "terminating", "terminated"].contains(deleting.status), deleting.status)
        let deadline = Date().addingTimeInterval(10)
        while try server.json(ClusterDocument.self, "GET", "/v1/clusters/\(made.id)").status != "terminated", Date() < deadline { usleep(20_000) }
        let ended = try server.json(ClusterDocument.self, "GET", "/v1/clusters/\(made.id)")
        XCTAssertEqual(ended.status, "terminated")
        XCTAssertNotNil(ended.terminated_at)
        XCTAssertEqual(try server.json([ClusterDocument].self, "GET", "/v1/clusters?status=terminated").map(\.id), [made.id])
        XCTAssertEqual(try server.json([ClusterDocument].self, "GET", "/v1/clusters?status=pending,idle").map(\.id), [])
    }

    func testBadRequestsAreRefusedAndStoreNothing() throws {
        let cases: [(String, String)] = [
            ("{not json", ""), (#"{"nodes": true}"#, "nodes"), (#"{"nodes": "two"}"#, "nodes"), (#"{"nodes": 2.5}"#, "nodes"),
            (#"{"color": "red"}"#, "color"), (#"{"type": "sandbox", "nodes": 2}"#, "nodes"), (#"{"nodes": 0}"#, "nodes"),
            (#"{"type": "huge"}"#, "type"), (#"{"provider": "mars"}"#, "provider"), (#"{"time_to_idle": 0}"#, "time_to_idle"),
            (#"{"terminate_on_idle": "yes"}"#, "terminate_on_idle"), (#"{"name": ""}"#, "name"), ("[1]", ""),
        ]
        for (body, field) in cases {
            XCTAssertEqual(try server.refused("POST", "/v1/clusters", body: body, status: 400, code: "bad_request").field, field, body)
        }
        for path in ["/v1/clusters?status=asleep", "/v1/clusters?sort=size", "/v1/clusters?direction=up", "/v1/clusters?limit=5000", "/v1/clusters?offset=-1"] {
            try server.refused("GET", path, status: 400, code: "bad_request")
        }
        try server.refused("GET", "/v1/clusters/7", status: 404, code: "not_found")
        try server.refused("GET", "/v1/clusters/abc", status: 404, code: "not_found")
        try server.refused("PUT", "/v1/clusters/7", body: #"{"nodes": 2}"#, status: 404, code: "not_found")
        try server.refused("DELETE", "/v1/clusters/7", status: 404, code: "not_found")
        try server.refused("PATCH", "/v1/clusters/7", status: 405, code: "method_not_allowed")
        try server.refused("DELETE", "/v1/clusters/0", status: 409, code: "conflict")
        XCTAssertEqual(try clusters(), [])

        let made = try server.json(ClusterDocument.self, "POST", "/v1/clusters", body: "", status: 201)
        XCTAssertEqual(try server.refused("PUT", "/v1/clusters/\(made.id)", body: "{}", status: 400, code: "bad_request").field, "")
        XCTAssertEqual(try server.refused("PUT", "/v1/clusters/\(made.id)", body: #"{"type": "sandbox"}"#, status: 400, code: "bad_request").field, "type")
        let missing = try server.refused("POST", "/v1/jobs?cluster_id=99", body: MasterServerTests.spec, status: 422, code: "unprocessable")
        XCTAssertEqual(missing.field, "cluster_id")
        try server.refused("POST", "/v1/jobs?cluster_id=\(made.id)", body: MasterServerTests.spec, status: 409, code: "conflict")
        XCTAssertEqual(try server.json([JobDocument].self, "GET", "/v1/jobs").count, 0, "a job refused for its cluster is not stored")
        XCTAssertEqual(try clusters().map(\.status), ["pending"])
        let full = try server.refused("POST", "/v1/clusters", body: #"{"nodes": 256}"#, status: 409, code: "conflict")
        XCTAssertTrue(full.message.contains("256 nodes together and have 1"), full.message)
        XCTAssertEqual(try clusters().count, 1)
    }
}
