import Foundation
import TestSupport
import XCTest

/// agavepy 0.9.5, unmodified, subscribes through `/notifications/v2/` on the real `ess serve`;
/// the job's FINISHED event then reaches a real receiver, signed, at its templated URL.
final class AgaveNotificationSDKTests: NotificationTestCase {
    func testAgavepySubscribesAndTheEventArrivesSigned() throws {
        let spec = ["name": "agave-told", "command": "sleep 4; echo {start}", "inputs": ["range": ["start": 1, "end": 2]]] as [String: Any]
        let body = String(decoding: try JSONSerialization.data(withJSONObject: spec), as: UTF8.self)
        let answer = try JSONSerialization.jsonObject(with: try cluster.curl("POST", "/v1/jobs", body: body)) as? [String: Any]
        let ex = try XCTUnwrap(answer?["ex_id"] as? String)
        let job = try XCTUnwrap(answer?["job_id"] as? String)
        let secretFile = cluster.ess.root + "/agave-secret"
        try SDKScenario.run(
            "agave_notifications", cluster: cluster,
            environment: ["RUNNING": ex, "RECEIVER": receiver.url(""), "SECRET_FILE": secretFile])
        let path = "/agave/\(job)/completed"
        try receiver.trust(path, secret: try String(contentsOfFile: secretFile, encoding: .utf8))
        XCTAssertEqual(cluster.wait(ex: ex, for: ["completed", "failed"]), "completed")
        let got = receiver.wait(path, timeout: 30) { !$0.isEmpty }
        XCTAssertEqual(got.map(\.event), ["job.completed"])
        XCTAssertEqual(got.map(\.verified), [true])
    }
}
