import Foundation
import TestSupport
import XCTest

/// `/v1/clusters` end to end: the real `ess serve` makes real local-provider clusters (sshd
/// nodes) in folders under its directory, runs a job on a chosen one, resizes it, lets it idle
/// until it terminates itself, and terminates another on `DELETE`; `ess cluster status` in a
/// cluster's folder names the state the API shows.
final class ClusterAPITests: JobTestCase {
    override class var nodes: Int { 1 }

    func cluster(_ id: Int) throws -> [String: Any] { try cluster.object("/v1/clusters/\(id)") }

    func clusters(_ query: String = "") throws -> [[String: Any]] {
        try XCTUnwrap(try cluster.json("/v1/clusters" + query) as? [[String: Any]])
    }

    /// Polls cluster `id` until `condition` holds; returns it.
    @discardableResult
    func wait(cluster id: Int, timeout: TimeInterval = 120, _ what: String, until condition: ([String: Any]) -> Bool,
              file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        var last: [String: Any] = [:]
        if eventually(within: timeout, interval: 0.2, { last = (try? cluster(id)) ?? last; return condition(last) }) { return last }
        throw TestFailure("cluster \(id) never became \(what) in \(Int(timeout)) s: \(last)")
    }

    /// `curl` with the API token, answering any status: (status, body).
    func call(_ method: String, _ path: String, body: String? = nil) throws -> (Int, [String: Any]) {
        var arguments = ["-sS", "--max-time", "10", "-o", "-", "-w", "\n%{http_code}", "-X", method, cluster.url + path] + cluster.ess.curlTokenArguments()
        if let body { arguments += ["-H", "Content-Type: application/json", "--data-binary", body] }
        let output = try TestTool.run("/usr/bin/curl", arguments)
        let split = output.split(separator: "\n")
        let status = Int(split.last ?? "") ?? 0
        let text = split.dropLast().joined(separator: "\n")
        return (status, (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) ?? [:])
    }

    func testClusterLifecycleThroughTheRealMaster() throws {
        // The master's own directory's cluster is listed as id 0.
        let own = try XCTUnwrap(try clusters().first)
        XCTAssertEqual(own["id"] as? Int, 0)
        XCTAssertEqual(own["master"] as? Bool, true)
        XCTAssertEqual(own["status"] as? String, "idle")
        XCTAssertEqual((own["addresses"] as? [Any])?.count, 1)
        let plain = cluster.ess.run(["cluster", "status", "--json"], timeout: 60)
        let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(plain.stdout.utf8)) as? [String: Any], plain.stderr)
        XCTAssertEqual(document["status"] as? String, "available", "a directory's own cluster: what its nodes say")
        XCTAssertNil(document["api_cluster_id"] as? Int)

        let (created, first) = try call("POST", "/v1/clusters", body: #"{"name": "api", "nodes": 1, "instance_type": "t2.micro", "terminate_on_idle": true, "time_to_idle": 5}"#)
        XCTAssertEqual(created, 201, "\(first)")
        XCTAssertEqual(first["status"] as? String, "pending")
        let id = try XCTUnwrap(first["id"] as? Int)
        let (_, second) = try call("POST", "/v1/clusters", body: #"{"instance_type": "t2.micro"}"#)
        let other = try XCTUnwrap(second["id"] as? Int)
        XCTAssertEqual(second["name"] as? String, "cluster-\(other)")

        // A job on the chosen cluster (`ess job run --cluster`) runs on its node, and counts while it runs.
        let ready = try wait(cluster: id, "available") { $0["status"] as? String == "available" }
        let spec = #"{"name": "on-api", "command": "sleep 3; echo {start}", "inputs": {"range": {"start": 1, "end": 2}}, "slots": 2}"#
        let (_, ex) = try cluster.submit(try cluster.spec("on-api", try XCTUnwrap(JSONSerialization.jsonObject(with: Data(spec.utf8)) as? [String: Any])), extra: ["--cluster", "\(id)"])
        XCTAssertNotNil(ready["available_since"] as? String)
        XCTAssertEqual((ready["addresses"] as? [Any])?.count, 1)
        let node = try XCTUnwrap((ready["instances"] as? [[String: Any]])?.first?["id"] as? String)
        try wait(cluster: id, timeout: 30, "busy") { $0["running_jobs_count"] as? Int == 1 && $0["status"] as? String == "available" }
        XCTAssertEqual(cluster.wait(ex: ex, for: ["completed", "failed", "terminated"]), "completed", cluster.whyNotCompleted(ex))
        let slices = try XCTUnwrap(try cluster.json("/v1/ex/\(ex)/slices") as? [[String: Any]])
        XCTAssertEqual(Set(slices.compactMap { $0["worker"] as? String }), [node])

        // Its folder is a cluster directory of its own: `ess cluster status` there names its state.
        let folder = try XCTUnwrap(ready["folder"] as? String)
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder + "/.conf/reservation.json"))
        let status = cluster.ess.run(["cluster", "status"], in: folder, timeout: 60)
        XCTAssertEqual(status.status, 0, status.stderr)
        XCTAssertTrue(status.stdout.contains("API cluster \(id) of the master"), status.stdout)
        XCTAssertTrue(status.stdout.contains("): available") || status.stdout.contains("): idle"), status.stdout)

        // Resize the other: grow by a reservation, then shrink back; then terminate it on DELETE.
        try wait(cluster: other, "ready") { ["available", "idle"].contains($0["status"] as? String ?? "") }
        let (grown, _) = try call("PUT", "/v1/clusters/\(other)", body: #"{"nodes": 2}"#)
        XCTAssertEqual(grown, 200)
        try wait(cluster: other, "2 nodes") { $0["nodes"] as? Int == 2 && ($0["addresses"] as? [Any])?.count == 2 }
        XCTAssertEqual(try call("PUT", "/v1/clusters/\(other)", body: #"{"nodes": 1}"#).0, 200)
        try wait(cluster: other, "1 node") { $0["nodes"] as? Int == 1 && ($0["addresses"] as? [Any])?.count == 1 }
        let (deleted, deleting) = try call("DELETE", "/v1/clusters/\(other)")
        XCTAssertEqual(deleted, 200)
        XCTAssertTrue(["pending_terminate", "terminating", "terminated"].contains(deleting["status"] as? String ?? ""), "\(deleting)")
        let gone = try wait(cluster: other, "terminated") { $0["status"] as? String == "terminated" }
        XCTAssertNotNil(gone["terminated_at"] as? String)
        XCTAssertEqual(gone["terminated_on_idle"] as? Bool, false)
        XCTAssertEqual((gone["addresses"] as? [Any])?.count, 0)

        // The first turns idle once no job ran for the grace, then terminates itself after time_to_idle.
        let ended = try wait(cluster: id, timeout: 90, "terminated on idle") { $0["status"] as? String == "terminated" }
        XCTAssertEqual(ended["terminated_on_idle"] as? Bool, true)
        XCTAssertNotNil(ended["terminated_at"] as? String)
        XCTAssertNotNil(ended["idle_since"] as? String, "\(ended)")

        // Lists: filter, sort, page.
        XCTAssertEqual(Set(try clusters("?status=terminated").compactMap { $0["id"] as? Int }), [id, other])
        XCTAssertEqual(try clusters("?sort=id&direction=desc").compactMap { $0["id"] as? Int }, [0, other, id])
        XCTAssertEqual(try clusters("?offset=1&limit=1").compactMap { $0["id"] as? Int }, [id])

        // Refusals.
        XCTAssertEqual(try call("PUT", "/v1/clusters/\(id)", body: #"{"nodes": 3}"#).0, 409)
        XCTAssertEqual(try call("POST", "/v1/jobs?cluster_id=\(id)", body: spec).0, 409)
        XCTAssertEqual(try call("POST", "/v1/jobs?cluster_id=999", body: spec).0, 422)
        XCTAssertEqual(try call("DELETE", "/v1/clusters/0").0, 409)
        XCTAssertEqual(try call("GET", "/v1/clusters/999").0, 404)
        let (bad, refusal) = try call("POST", "/v1/clusters", body: #"{"nodes": "two"}"#)
        XCTAssertEqual(bad, 400)
        XCTAssertEqual((refusal["error"] as? [String: Any])?["field"] as? String, "nodes")
        XCTAssertEqual(try clusters().count, 3, "a refused request stores nothing")
    }

    func testARestartedMasterKeepsItsClustersAndTheirLifecycle() throws {
        let (created, made) = try call("POST", "/v1/clusters", body: #"{"name": "kept", "instance_type": "t2.micro"}"#)
        XCTAssertEqual(created, 201)
        let id = try XCTUnwrap(made["id"] as? Int)
        let ready = try wait(cluster: id, "available") { $0["status"] as? String == "available" }
        cluster.signalMaster(SIGTERM)
        try cluster.startMaster()
        let again = try cluster(id)
        XCTAssertTrue(["available", "idle"].contains(again["status"] as? String ?? ""), "\(again)")
        XCTAssertEqual(again["available_since"] as? String, ready["available_since"] as? String)
        XCTAssertEqual(again["addresses"] as? [String], ready["addresses"] as? [String])
        let spec = try cluster.spec("after", ["name": "after", "command": "echo {start}", "inputs": ["range": ["start": 1, "end": 3]]])
        let (_, ex) = try cluster.submit(spec, extra: ["--cluster", "\(id)"])
        XCTAssertEqual(cluster.wait(ex: ex, for: ["completed", "failed", "terminated"]), "completed", cluster.whyNotCompleted(ex))
        XCTAssertEqual(try call("DELETE", "/v1/clusters/\(id)").0, 200)
        try wait(cluster: id, "terminated") { $0["status"] as? String == "terminated" }
    }
}
