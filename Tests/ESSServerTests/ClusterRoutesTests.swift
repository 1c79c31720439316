import Foundation
import JobAPI
import TestSupport
import XCTest

/// `/v1/clusters` in process (`RouteTester`): the master makes no clusters and, never listening,
/// does not start its ticker, so a cluster stays `pending` until deleted. The documents, and every
/// refusal in the error shape with the store unchanged.
final class ClusterRoutesTests: XCTestCase {
    func testCreateReadAndDeleteAPendingCluster() async throws {
        try await RouteTester.run { server in
            func clusters() async throws -> [ClusterDocument] { try await server.json([ClusterDocument].self, "GET", "/v1/clusters") }
            let listed = try await clusters()
            XCTAssertEqual(listed, [], "a master whose directory has no cluster lists none")
            let made = try await server.json(ClusterDocument.self, "POST", "/v1/clusters", body: #"{"nodes": 3, "instance_type": "t2.micro"}"#, status: 201)
            XCTAssertEqual([made.status, made.type, made.provider, made.name], ["pending", "production", "local", "cluster-\(made.id)"])
            XCTAssertEqual([made.nodes, made.time_to_idle, made.running_jobs_count], [3, 3600, 0])
            XCTAssertNil(made.available_since)
            XCTAssertTrue(made.folder.hasSuffix("/clusters/\(made.id)"))
            let body = try await server.call("GET", "/v1/clusters/\(made.id)").body
            let raw = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any])
            XCTAssertTrue(raw["idle_since"] is NSNull, "times not yet reached are null, not absent")
            try await server.refused("PUT", "/v1/clusters/\(made.id)", body: #"{"nodes": 2}"#, status: 409, code: "conflict")
            let deleting = try await server.json(ClusterDocument.self, "DELETE", "/v1/clusters/\(made.id)")
            XCTAssertTrue(["pending_terminate", "terminating", "terminated"].contains(deleting.status), deleting.status)
            try await waitUntil("cluster \(made.id) is terminated") {
                try await server.json(ClusterDocument.self, "GET", "/v1/clusters/\(made.id)").status == "terminated"
            }
            let ended = try await server.json(ClusterDocument.self, "GET", "/v1/clusters/\(made.id)")
            XCTAssertNotNil(ended.terminated_at)
            let terminated = try await server.json([ClusterDocument].self, "GET", "/v1/clusters?status=terminated").map(\.id)
            XCTAssertEqual(terminated, [made.id])
            let open = try await server.json([ClusterDocument].self, "GET", "/v1/clusters?status=pending,idle").map(\.id)
            XCTAssertEqual(open, [])
        }
    }

    func testBadRequestsAreRefusedAndStoreNothing() async throws {
        try await RouteTester.run { server in
            func clusters() async throws -> [ClusterDocument] { try await server.json([ClusterDocument].self, "GET", "/v1/clusters") }
            let cases: [(String, String)] = [
                ("{not json", ""), (#"{"nodes": true}"#, "nodes"), (#"{"nodes": "two"}"#, "nodes"), (#"{"nodes": 2.5}"#, "nodes"),
                (#"{"color": "red"}"#, "color"), (#"{"type": "sandbox", "nodes": 2}"#, "nodes"), (#"{"nodes": 0}"#, "nodes"),
                (#"{"type": "huge"}"#, "type"), (#"{"provider": "mars"}"#, "provider"), (#"{"time_to_idle": 0}"#, "time_to_idle"),
                (#"{"terminate_on_idle": "yes"}"#, "terminate_on_idle"), (#"{"name": ""}"#, "name"), ("[1]", ""),
            ]
            for (body, field) in cases {
                let refusal = try await server.refused("POST", "/v1/clusters", body: body, status: 400, code: "bad_request")
                XCTAssertEqual(refusal.field, field, body)
            }
            for path in ["/v1/clusters?status=asleep", "/v1/clusters?sort=size", "/v1/clusters?direction=up", "/v1/clusters?limit=5000", "/v1/clusters?offset=-1"] {
                try await server.refused("GET", path, status: 400, code: "bad_request")
            }
            try await server.refused("GET", "/v1/clusters/7", status: 404, code: "not_found")
            try await server.refused("GET", "/v1/clusters/abc", status: 404, code: "not_found")
            try await server.refused("PUT", "/v1/clusters/7", body: #"{"nodes": 2}"#, status: 404, code: "not_found")
            try await server.refused("DELETE", "/v1/clusters/7", status: 404, code: "not_found")
            try await server.refused("PATCH", "/v1/clusters/7", status: 405, code: "method_not_allowed")
            try await server.refused("DELETE", "/v1/clusters/0", status: 409, code: "conflict")
            let none = try await clusters()
            XCTAssertEqual(none, [])

            let made = try await server.json(ClusterDocument.self, "POST", "/v1/clusters", body: "", status: 201)
            let empty = try await server.refused("PUT", "/v1/clusters/\(made.id)", body: "{}", status: 400, code: "bad_request")
            XCTAssertEqual(empty.field, "")
            let typed = try await server.refused("PUT", "/v1/clusters/\(made.id)", body: #"{"type": "sandbox"}"#, status: 400, code: "bad_request")
            XCTAssertEqual(typed.field, "type")
            let missing = try await server.refused("POST", "/v1/jobs?cluster_id=99", body: MasterServerTests.spec, status: 422, code: "unprocessable")
            XCTAssertEqual(missing.field, "cluster_id")
            try await server.refused("POST", "/v1/jobs?cluster_id=\(made.id)", body: MasterServerTests.spec, status: 409, code: "conflict")
            let jobs = try await server.json([JobDocument].self, "GET", "/v1/jobs")
            XCTAssertEqual(jobs.count, 0, "a job refused for its cluster is not stored")
            let statuses = try await clusters().map(\.status)
            XCTAssertEqual(statuses, ["pending"])
            let full = try await server.refused("POST", "/v1/clusters", body: #"{"nodes": 256}"#, status: 409, code: "conflict")
            XCTAssertTrue(full.message.contains("256 nodes together and have 1"), full.message)
            let count = try await clusters().count
            XCTAssertEqual(count, 1)
        }
    }
}
