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

    /// A job request's `notifications` (`POST /jobs/v2/`) follow that job alone: its FINISHED
    /// arrives signed; the app's next job (started natively, with a `_start` notification of its
    /// own) sends nothing there.
    func testAJobRequestsNotificationsFollowThatJobAlone() throws {
        let spec = ["name": "agave-app", "command": "sleep 3; echo {start} {WHO}", "variables": ["WHO": "nobody"], "inputs": ["range": ["start": 1, "end": 2]]] as [String: Any]
        _ = try cluster.curl("POST", "/v1/jobs?start=false", body: String(decoding: try JSONSerialization.data(withJSONObject: spec), as: UTF8.self))
        _ = try subscribe("/marker", event: "job.completed")
        let request = #"{"name":"told","appId":"agave-app","archive":false,"parameters":{"WHO":"agave"},"#
            + #""notifications":[{"url":"\#(receiver.url("/submitted"))","event":"FINISHED","persistent":true}]}"#
        let first = try submitted(request)
        let subscription = try XCTUnwrap(
            (try cluster.json("/v1/notifications") as? [[String: Any]])?.first { ($0["ex_id"] as? Int).map(String.init) == first })
        let id = try XCTUnwrap(subscription["id"] as? Int)
        let rotated = try JSONSerialization.jsonObject(with: try cluster.curl("POST", "/v1/notifications/\(id)/_rotate")) as? [String: Any]
        try receiver.trust("/submitted", secret: try XCTUnwrap(rotated?["secret"] as? String))
        XCTAssertEqual(cluster.wait(ex: first, for: ["completed", "failed"]), "completed")
        let got = receiver.wait("/submitted", timeout: 30) { !$0.isEmpty }
        XCTAssertEqual(got.map(\.event), ["job.completed"])
        XCTAssertEqual(got.map(\.verified), [true])
        XCTAssertEqual(Set(cluster.outputLines([first])), ["1 agave", "2 agave"])

        let job = try XCTUnwrap(subscription["job_id"] as? Int)
        let native = #"{"notifications":[{"url":"\#(receiver.url("/native"))","event":"job.completed"}]}"#
        let started = try JSONSerialization.jsonObject(with: try cluster.curl("POST", "/v1/jobs/\(job)/_start", body: native)) as? [String: Any]
        let second = try XCTUnwrap(started?["ex_id"] as? String)
        XCTAssertEqual(cluster.wait(ex: second, for: ["completed", "failed"]), "completed")
        XCTAssertEqual(receiver.wait("/marker", timeout: 30) { $0.count >= 2 }.count, 2, "both completions were fanned out")
        XCTAssertEqual(receiver.wait("/native", timeout: 30) { !$0.isEmpty }.count, 1, "a `_start` body's notification follows its execution")
        let all = try XCTUnwrap(try cluster.json("/v1/notifications") as? [[String: Any]])
        XCTAssertEqual(all.compactMap { $0["ex_id"] as? Int }.map(String.init), [first, second])
        let listed = cluster.ess.run(["notify", "list"])
        XCTAssertTrue(listed.stdout.contains("job \(job) execution \(first)"), "ess notify list names the execution: \(listed.stdout)")
        let after = try cluster.object("/v1/notifications/\(id)")
        XCTAssertEqual([after["delivered"], after["pending"], after["failed"]].map { $0 as? Int }, [1, 0, 0], "the app's next job sent nothing there")
        cluster.assertStoreIntact()
    }

    /// `POST /jobs/v2/` with `body`: the new job's id (201, in the envelope).
    func submitted(_ body: String) throws -> String {
        let answer = try JSONSerialization.jsonObject(with: try cluster.curl("POST", "/jobs/v2/", body: body)) as? [String: Any]
        let job = try XCTUnwrap(answer?["result"] as? [String: Any], "POST /jobs/v2/ answered \(String(describing: answer))")
        return try XCTUnwrap(job["id"] as? String)
    }
}
