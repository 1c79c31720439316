import Foundation
import HTTPClient
import JobAPI
import TestSupport
import XCTest

/// Xplenty's clusters in process (`RouteTester`; XplentySDKTests makes real ones): listing, and
/// refusals in Xplenty's shape with the native statuses; one test over TLS through a real socket.
final class XplentyClusterRoutesTests: XCTestCase {
    func testWithoutAClusterInItsDirectoryTheListIsEmpty() async throws {
        try await RouteTester.run { server in
            for query in ["", "?status=all&offset=0&limit=100", "?status=available,idle&sort=created&direction=desc"] {
                let listed = try await server.json([XplentyClusterDocument].self, "GET", "/acme/api/clusters" + query)
                XCTAssertEqual(listed.count, 0, query)
            }
        }
    }

    func testACreatedClusterIsPendingAndItsNameAndIdlePolicyChange() async throws {
        try await RouteTester.run { server in
            let body = #"{"type": "production", "nodes": 2, "name": "made", "description": "", "terminate_on_idle": 1, "time_to_idle": 600}"#
            let made = try await server.json(XplentyClusterDocument.self, "POST", "/acme/api/clusters", body: body, status: 201)
            XCTAssertEqual([made.status, made.name, made.type], ["pending", "made", "production"])
            XCTAssertEqual([made.nodes, made.time_to_idle], [2, 600])
            XCTAssertTrue(made.terminate_on_idle)
            let changed = try await server.json(
                XplentyClusterDocument.self, "PUT", "/acme/api/clusters/\(made.id)", body: #"{"name": "renamed", "terminate_on_idle": 0}"#)
            XCTAssertEqual(changed.name, "renamed")
            XCTAssertFalse(changed.terminate_on_idle)
            let names = try await server.json([XplentyClusterDocument].self, "GET", "/acme/api/clusters").map(\.name)
            XCTAssertEqual(names, ["renamed"])
        }
    }

    func testFormsMakeAndChangeClustersAndListsAreNewestFirst() async throws {
        try await RouteTester.run { server in
            let formed = try await server.form(
                "POST", "/acme/api/clusters",
                "cluster[type]=production&cluster[nodes]=2&cluster[name]=formed+one&cluster[description]=&cluster[terminate_on_idle]=t&cluster[time_to_idle]=600")
            XCTAssertEqual(formed.status.code, 201, String(buffer: formed.body))
            let first = try JSONDecoder().decode(XplentyClusterDocument.self, from: Data(buffer: formed.body))
            XCTAssertEqual([first.status, first.name, first.type], ["pending", "formed one", "production"])
            XCTAssertEqual([first.nodes, first.time_to_idle], [2, 600])
            XCTAssertTrue(first.terminate_on_idle)
            XCTAssertTrue(first.url.hasPrefix("http://localhost"), first.url)
            let second = try await server.json(
                XplentyClusterDocument.self, "POST", "/acme/api/clusters", body: #"{"cluster": {"nodes": 1, "name": "wrapped"}}"#, status: 201)
            XCTAssertEqual(second.name, "wrapped")
            let changed = try await server.form("PUT", "/acme/api/clusters/\(first.id)", "name=renamed&terminate_on_idle=0")
            XCTAssertEqual(changed.status.code, 200, String(buffer: changed.body))
            XCTAssertFalse(try JSONDecoder().decode(XplentyClusterDocument.self, from: Data(buffer: changed.body)).terminate_on_idle)
            // Created: first < second; updated: second < first (renamed after).
            for (query, ids) in [
                ("", [second.id, first.id]), ("?direction=asc", [first.id, second.id]), ("?sort=updated", [first.id, second.id]),
                ("?sort=updated&direction=asc", [second.id, first.id]), ("?status=pending&limit=1", [second.id]), ("?offset=1", [first.id]),
                ("?since=2000-01-01T00:00:00Z", [second.id, first.id]), ("?since=2999-01-01T00:00:00Z", []), ("?status=available", []),
            ] {
                let listed = try await server.json([XplentyClusterDocument].self, "GET", "/acme/api/clusters" + query).map(\.id)
                XCTAssertEqual(listed, ids, query)
            }
            let native = try await server.json([ClusterDocument].self, "GET", "/v1/clusters?since=2000-01-01T00:00:00Z&sort=updated").map(\.id)
            XCTAssertEqual(native, [second.id, first.id])

            for (method, path, body, field) in [
                ("POST", "/acme/api/clusters", "cluster[nodes]=2&cluster[nodes]=3", "cluster[nodes]"), ("POST", "/acme/api/clusters", "cluster[nodes]=2.5", "nodes"),
                ("POST", "/acme/api/clusters", "cluster[nodes]=1&cluster[colour]=red", "colour"), ("POST", "/acme/api/clusters", "cluster[[nodes]=1", "cluster[[nodes]"),
                ("PUT", "/acme/api/clusters/\(first.id)", "cluster[time_to_idle]=soon", "time_to_idle"), ("PUT", "/acme/api/clusters/\(first.id)", "", "body"),
            ] {
                let response = try await server.form(method, path, body)
                XCTAssertEqual(response.status.code, 400, body)
                let message = try JSONDecoder().decode(XplentyErrorDocument.self, from: Data(buffer: response.body)).message
                XCTAssertTrue(message.contains("`\(field)`"), "\(body): \(message)")
            }
            for query in ["sort=name", "direction=up", "since=2026-12-02"] {
                let status = try await server.call("GET", "/acme/api/clusters?" + query).status.code
                XCTAssertEqual(status, 400, query)
            }
            let listed = try await server.json([XplentyClusterDocument].self, "GET", "/acme/api/clusters")
            XCTAssertEqual(listed.map(\.name), ["wrapped", "renamed"], "the refused forms made and changed nothing")
            XCTAssertEqual(listed.map(\.time_to_idle), [3600, 600])
        }
    }

    /// Through a real socket: the URLs name the scheme the master serves.
    func testOverTLSTheURLsSayHTTPS() throws {
        let folder = TemporaryDirectory("ess-xplenty-tls")
        defer { folder.remove() }
        let made = try SelfSignedCertificate(in: folder.path)
        let server = try ServerHarness { $0.tls = .init(certificate: made.certificate, key: made.key) }
        defer { server.stop() }
        let cluster = try server.json(XplentyClusterDocument.self, "POST", "/acme/api/clusters", body: #"{"nodes": 1}"#, status: 201)
        XCTAssertEqual(cluster.url, server.url + "/acme/api/clusters/\(cluster.id)")
        XCTAssertTrue(cluster.url.hasPrefix("https://127.0.0.1:"), cluster.url)
    }

    func testRefusalsKeepTheNativeStatusInXplentysShape() async throws {
        try await RouteTester.run { server in
            _ = try await server.call("POST", "/v1/jobs?start=false", body: MasterServerTests.spec)
            for (method, path, body, status) in [
                ("DELETE", "/acme/api/clusters/0", "", 409), ("GET", "/acme/api/clusters/0", "", 404), ("GET", "/acme/api/clusters/9", "", 404),
                ("GET", "/acme/api/clusters?limit=101", "", 400), ("GET", "/acme/api/clusters?status=asleep", "", 400),
                ("POST", "/acme/api/clusters", #"{"nodes": "two"}"#, 400), ("POST", "/acme/api/clusters", #"{"nodes": 2, "colour": "red"}"#, 400),
                ("POST", "/acme/api/clusters", #"{"type": "sandbox", "nodes": 2}"#, 400), ("POST", "/acme/api/clusters", "[", 400),
                ("PUT", "/acme/api/clusters/0", #"{}"#, 400), ("PATCH", "/acme/api/clusters/0", "", 405),
                ("POST", "/acme/api/jobs", #"{"package_id": 1, "cluster_id": 7}"#, 422),
            ] {
                let response = try await server.call(method, path, body: body)
                XCTAssertEqual(response.status.code, status, "\(method) \(path) \(body): \(String(buffer: response.body))")
                XCTAssertFalse(try JSONDecoder().decode(XplentyErrorDocument.self, from: Data(buffer: response.body)).message.isEmpty)
            }
            let clusters = try await server.json([XplentyClusterDocument].self, "GET", "/acme/api/clusters").count
            XCTAssertEqual(clusters, 0, "nothing was made")
            let jobs = try await server.json([XplentyJobDocument].self, "GET", "/acme/api/jobs").count
            XCTAssertEqual(jobs, 0, "nothing was started")
        }
    }
}
