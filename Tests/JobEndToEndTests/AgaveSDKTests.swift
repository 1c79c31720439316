import Foundation
import TestSupport
import XCTest

/// agavepy 0.9.5, unmodified, against the real `ess serve` binary over real local sshd nodes:
/// list, poll a job's status to FINISHED, read it and its history, search, stop another,
/// resubmit, page, delete, an error in Agave's envelope, and a job request (`jobs.submit`) run to
/// FINISHED with its parameters, its bad forms refused.
final class AgaveSDKTests: JobTestCase {
    func testAgavepyDrivesJobsThroughTheMaster() throws {
        let finishing = try submit(["name": "finishing", "command": "echo {GREETING} {start}", "variables": ["GREETING": "hello"], "inputs": ["range": ["start": 1, "end": 20]]])
        let forever = try submit(["name": "forever", "command": "sleep 600; : {start}", "inputs": ["range": ["start": 1, "end": 2]], "slots": 1])
        try SDKScenario.run("agave", cluster: cluster, environment: ["FINISHING": finishing, "FOREVER": forever])
        let newest = try XCTUnwrap((try cluster.object("/jobs/v2/?limit=1")["result"] as? [[String: Any]])?.first)
        let submitted = try XCTUnwrap(newest["id"] as? String)
        XCTAssertEqual(newest["status"] as? String, "FINISHED")
        XCTAssertEqual(Set(cluster.outputLines([submitted])), Set((1...20).map { "bonjour \($0)" }), "jobs.submit's parameters ran")
        cluster.assertStoreIntact()
    }

    /// Bad job requests (`POST /jobs/v2/`) through the binary: each one error in Agave's envelope
    /// with its status and the field; nothing is started or subscribed.
    func testABadJobRequestIsRefusedAndStoresNothing() throws {
        let spec = #"{"name":"app","command":"echo {start} {WHO}","variables":{"WHO":"me"},"inputs":{"range":{"start":1,"end":2}}}"#
        try cluster.curl("POST", "/v1/jobs?start=false", body: spec)
        for (body, status, field) in [
            (#"{"appId":"app","#, 400, "body"), (#"{"appId":"no-such-app-1.0"}"#, 400, "appId"), (#"{"appId":1}"#, 400, "appId"),
            (#"{"appId":"app","parameters":{"COLOUR":"red"}}"#, 400, "parameters.COLOUR"), (#"{"appId":"app","parameters":{"WHO":{}}}"#, 400, "parameters.WHO"),
            (#"{"appId":"app","inputs":{"query1":"agave://storage/in.txt"}}"#, 400, "inputs.query1"), (#"{"appId":"app","dependencies":[]}"#, 400, "dependencies"),
            (#"{"appId":"app","notifications":[{"url":"http://169.254.169.254/latest/meta-data/","event":"*"}]}"#, 400, "notifications[0].url"),
            ("appId=app&COLOUR=red", 400, "COLOUR"), ("appId=app&callbackUrl=http%3A%2F%2F127.0.0.1%3A9%2F", 400, "callbackUrl"),
        ] {
            let (code, answer) = try post("/jobs/v2/", body)
            XCTAssertEqual(code, status, body)
            XCTAssertEqual(answer["status"] as? String, "error", body)
            XCTAssertTrue((answer["message"] as? String)?.contains("`\(field)`") == true, "\(body): \(answer)")
        }
        XCTAssertEqual((try cluster.object("/jobs/v2/")["result"] as? [Any])?.count, 0, "nothing started")
        XCTAssertEqual((try cluster.json("/v1/notifications") as? [Any])?.count, 0, "nothing subscribed")
        cluster.assertStoreIntact()
    }

    /// `curl -X POST` with `body` (form-encoded unless it starts with `{`): the status and the JSON answer.
    func post(_ path: String, _ body: String) throws -> (Int, [String: Any]) {
        let type = body.hasPrefix("{") ? "application/json" : "application/x-www-form-urlencoded"
        let arguments = ["-sS", "--max-time", "10", "-w", "\n%{http_code}", "-X", "POST", cluster.url + path, "-H", "Content-Type: \(type)", "--data-binary", body]
        let output = try TestTool.run("/usr/bin/curl", arguments + cluster.ess.curlTokenArguments())
        let status = Int(output.split(separator: "\n").last ?? "") ?? 0
        let answer = try JSONSerialization.jsonObject(with: Data(output.split(separator: "\n").dropLast().joined(separator: "\n").utf8)) as? [String: Any]
        return (status, answer ?? [:])
    }

    /// Submits a spec natively (`POST /v1/jobs`); the execution's id.
    func submit(_ spec: [String: Any]) throws -> String {
        let body = String(decoding: try JSONSerialization.data(withJSONObject: spec), as: UTF8.self)
        let answer = try JSONSerialization.jsonObject(with: try cluster.curl("POST", "/v1/jobs", body: body)) as? [String: Any]
        return try XCTUnwrap(answer?["ex_id"] as? String, "POST /v1/jobs answered \(String(describing: answer))")
    }
}
