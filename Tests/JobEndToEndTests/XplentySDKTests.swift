import Foundation
import TestSupport
import XCTest

/// The xplenty 3.0.0 SDK, unmodified (its API_URL pointed at the master), against the real
/// `ess serve` binary over real local sshd nodes: rate limits and packages; create a cluster and
/// poll until available, run a job with variables on it and poll its progress to completed, stop
/// another, list clusters page by page, terminate them; an error.
final class XplentySDKTests: JobTestCase {
    func testTheXplentySDKRunsPackagesAsJobsOnItsOwnCluster() throws {
        let finishing = try store(["name": "finishing", "command": "sleep 0.2; echo {GREETING} {start}", "variables": ["GREETING": "hi"], "inputs": ["range": ["start": 1, "end": 40]], "slots": 2])
        let forever = try store(["name": "forever", "command": "sleep 600; : {start}", "inputs": ["range": ["start": 1, "end": 2]], "slots": 1])
        try SDKScenario.run("xplenty", cluster: cluster, environment: ["FINISHING": finishing, "FOREVER": forever])
        // Cluster 1 is terminated by now; its one node ran job 1, none of the master's own did.
        let own = Set((try cluster.object("/v1/clusters/0")["instances"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String })
        let workers = Set(try cluster.slices("1").compactMap { $0["worker"] as? String })
        XCTAssertEqual(own.count, 2)
        XCTAssertEqual(workers.count, 1, "job 1 ran on the sandbox cluster's one node: \(workers)")
        XCTAssertTrue(workers.isDisjoint(with: own), "job 1 ran on \(workers), the master's own nodes are \(own)")
        cluster.assertStoreIntact()
    }

    /// Stores a spec natively without running it (`POST /v1/jobs?start=false`): the package id.
    func store(_ spec: [String: Any]) throws -> String {
        let body = String(decoding: try JSONSerialization.data(withJSONObject: spec), as: UTF8.self)
        let answer = try JSONSerialization.jsonObject(with: try cluster.curl("POST", "/v1/jobs?start=false", body: body)) as? [String: Any]
        return try XCTUnwrap(answer?["job_id"] as? String, "POST /v1/jobs answered \(String(describing: answer))")
    }
}
