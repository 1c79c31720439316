import Foundation
import TestSupport
import XCTest

/// agavepy 0.9.5, unmodified, against the real `ess serve` binary over real local sshd nodes:
/// list, poll a job's status to FINISHED, read it and its history, search, stop another,
/// resubmit, page, delete, and an error in Agave's envelope.
final class AgaveSDKTests: JobTestCase {
    func testAgavepyDrivesJobsThroughTheMaster() throws {
        let finishing = try submit(["name": "finishing", "command": "echo {GREETING} {start}", "variables": ["GREETING": "hello"], "inputs": ["range": ["start": 1, "end": 20]]])
        let forever = try submit(["name": "forever", "command": "sleep 600; : {start}", "inputs": ["range": ["start": 1, "end": 2]], "slots": 1])
        try SDKScenario.run("agave", cluster: cluster, environment: ["FINISHING": finishing, "FOREVER": forever])
        cluster.assertStoreIntact()
    }

    /// Submits a spec natively (`POST /v1/jobs`); the execution's id.
    func submit(_ spec: [String: Any]) throws -> String {
        let body = String(decoding: try JSONSerialization.data(withJSONObject: spec), as: UTF8.self)
        let answer = try JSONSerialization.jsonObject(with: try cluster.curl("POST", "/v1/jobs", body: body)) as? [String: Any]
        return try XCTUnwrap(answer?["ex_id"] as? String, "POST /v1/jobs answered \(String(describing: answer))")
    }
}
