import Foundation
import JobAPI
import JobsTestSupport
import Platform
import XCTest

/// The curl examples of Teraslice's job-control page, as written there (with the master's
/// address and the ids filled in) plus the API token's header as the README gives it
/// (`-H "Authorization: Bearer $(cat api-token)"`), through the `curl` program against a real
/// master.
final class SeedCurlExamplesTests: XCTestCase {
    var server: ServerHarness!

    override func tearDown() {
        server?.stop()
        server = nil
    }

    /// Runs one example line (`curl …` with `YOUR_MASTER_IP:5678` and `{job_id}` filled in) in
    /// the server's folder; it must exit 0 and print the JSON document `T`.
    @discardableResult
    func example<T: Decodable>(_ line: String, _ type: T.Type, file: StaticString = #filePath, line number: UInt = #line) throws -> T {
        let address = server.url.replacingOccurrences(of: "http://", with: "")
        let filled = line.replacingOccurrences(of: "YOUR_MASTER_IP:5678", with: address)
            .replacingOccurrences(of: "YOU_MASTER_IP:5678", with: address)
            .replacingOccurrences(of: "{job_id}", with: "1").replacingOccurrences(of: "{JOB_ID}", with: "1")
        let header = #" -H "Authorization: Bearer $(cat api-token)""#
        let outcome = try ChildProcess.run("/bin/sh", ["-c", "cd \(server.folder.path) && \(filled)\(header) -sS --fail-with-body"])
        let text = String(decoding: outcome.stdout, as: UTF8.self)
        XCTAssertEqual(outcome.status, 0, "\(filled): \(text) \(outcome.stderrText)", file: file, line: number)
        return try JSONDecoder().decode(T.self, from: outcome.stdout)
    }

    func testEveryExampleWorksAsWritten() throws {
        server = try ServerHarness(FakeWorkers(held: true))
        try Data(MasterServerTests.spec.utf8).write(to: URL(fileURLWithPath: server.folder.path + "/job.json"))
        try PrivateFiles.createNew(server.folder.path + "/api-token", contents: Data((server.token.secret + "\n").utf8))

        let posted = try example("curl -XPOST YOUR_MASTER_IP:5678/v1/jobs -d@job.json", SubmitAnswer.self)
        XCTAssertEqual(posted, SubmitAnswer(job_id: "1", ex_id: "1"))
        try server.waitFor(job: "1", ["running"])
        XCTAssertEqual(try example("curl YOU_MASTER_IP:5678/v1/jobs/{job_id}/ex", ExecutionDocument.self)._status, "running")
        XCTAssertEqual(try example("curl -XPOST YOU_MASTER_IP:5678/v1/jobs/{job_id}/_stop", ControlAnswer.self).status, "stopped")
        XCTAssertEqual(try example("curl -XPOST YOU_MASTER_IP:5678/v1/jobs/{JOB_ID}/_start", SubmitAnswer.self).ex_id, "2")
        try server.waitFor(job: "1", ["running"])
        _ = try server.json(ControlAnswer.self, "POST", "/v1/jobs/1/_stop")
        XCTAssertEqual(try example("curl -XPOST YOU_MASTER_IP:5678/v1/jobs/{job_id}/_recover", SubmitAnswer.self).ex_id, "3")
        try server.waitFor(job: "1", ["running"])
        XCTAssertEqual(try example("curl -XPOST YOU_MASTER_IP:5678/v1/jobs/{job_id}/_pause", ControlAnswer.self).status, "paused")
        XCTAssertEqual(try example("curl -XPOST YOU_MASTER_IP:5678/v1/jobs/{job_id}/_resume", ControlAnswer.self).status, "running")
        let stats = try example("curl YOU_MASTER_IP:5678/v1/jobs/{job_id}/slicer", ControllerStatistics.self)
        XCTAssertEqual(stats.ex_id, "3")
        let state = try example("curl YOU_MASTER_IP:5678/v1/cluster/state", [String: NodeStateDocument].self)
        XCTAssertEqual(state["a"]?.active.map(\.ex_id), ["3"])
        server.workers.release()
        try server.waitFor(job: "1", ["completed"])
    }

    func testAChunkedBodyOverOneMegabyteIs413AndHeadAnswers() throws {
        server = try ServerHarness()
        try Data(repeating: 0x20, count: (1 << 20) + 10).write(to: URL(fileURLWithPath: server.folder.path + "/big.json"))
        let chunked = try ChildProcess.run("/usr/bin/env", [
            "curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "-XPOST", "-H", "Transfer-Encoding: chunked", "-H", "Authorization: " + server.token.bearer,
            "--data-binary", "@" + server.folder.path + "/big.json", server.url + "/v1/jobs",
        ])
        XCTAssertEqual(String(decoding: chunked.stdout, as: UTF8.self), "413", chunked.stderrText)
        let head = try ChildProcess.run("/usr/bin/env", ["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "-I", server.url + "/v1"])
        XCTAssertEqual(String(decoding: head.stdout, as: UTF8.self), "200")
    }
}
