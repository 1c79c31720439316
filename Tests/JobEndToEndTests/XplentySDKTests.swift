import Foundation
import TestSupport
import XCTest

/// The xplenty 3.0.0 SDK, unmodified (its API_URL pointed at the master), against the real
/// `ess serve` binary over real local sshd nodes: packages, rate limits, run a job with
/// variables and poll its progress to completed, stop another, list, and an error.
final class XplentySDKTests: JobTestCase {
    func testTheXplentySDKRunsPackagesAsJobs() throws {
        let finishing = try store(["name": "finishing", "command": "sleep 0.2; echo {GREETING} {start}", "variables": ["GREETING": "hi"], "inputs": ["range": ["start": 1, "end": 40]], "slots": 2])
        let forever = try store(["name": "forever", "command": "sleep 600; : {start}", "inputs": ["range": ["start": 1, "end": 2]], "slots": 1])
        try SDKScenario.run("xplenty", cluster: cluster, environment: ["FINISHING": finishing, "FOREVER": forever])
        cluster.assertStoreIntact()
    }

    /// Stores a spec natively without running it (`POST /v1/jobs?start=false`): the package id.
    func store(_ spec: [String: Any]) throws -> String {
        let body = String(decoding: try JSONSerialization.data(withJSONObject: spec), as: UTF8.self)
        let answer = try JSONSerialization.jsonObject(with: try cluster.curl("POST", "/v1/jobs?start=false", body: body)) as? [String: Any]
        return try XCTUnwrap(answer?["job_id"] as? String, "POST /v1/jobs answered \(String(describing: answer))")
    }
}
