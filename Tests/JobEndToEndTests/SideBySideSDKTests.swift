import Foundation
import TestSupport
import XCTest

/// Runs of one stored job side by side on one cluster of real sshd nodes, through the real
/// `ess serve` binary and the unmodified SDKs: the xplenty SDK starts two jobs of one package,
/// agavepy submits one app twice and resubmits it, each while the others run (their slices wait
/// on a gate file until the scenario has seen them all running and Teraslice's `_start` refused).
/// Each execution completes with every output exactly once, its own variables and its own slices.
final class SideBySideSDKTests: JobTestCase {
    static let slices = 12

    func testTheXplentySDKRunsOnePackageTwiceAtOnce() throws {
        let gate = cluster.ess.root + "/xplenty-gate"
        let package = try store("side", gate: gate)
        try assertIdleNodesTellTheirSlots()
        let stored = try cluster.object("/v1/jobs/\(package)")
        XCTAssertEqual(stored["workers"] as? Int, Self.nodes, "a spec without `workers` uses every node of its cluster")
        try SDKScenario.run("xplenty_side_by_side", cluster: cluster, environment: ["PACKAGE": package, "GATE": gate])
        let executions = try executions(of: package)
        XCTAssertEqual(executions.count, 2, "two executions of package \(package)")
        for (ex, day) in zip(executions, ["monday", "tuesday"]) { try assertRanOnce(ex, day: day) }
        cluster.assertStoreIntact()
    }

    func testAgavepyRunsOneAppThreeTimesAtOnce() throws {
        let receiver = try WebhookReceiver()
        defer { receiver.stop() }
        let gate = cluster.ess.root + "/agave-gate"
        let app = try store("side", gate: gate)
        let idsFile = cluster.ess.root + "/agave-ids"
        try SDKScenario.run(
            "agave_side_by_side", cluster: cluster,
            environment: ["APP": "side", "GATE": gate, "RECEIVER": receiver.url(""), "IDS_FILE": idsFile])
        let ids = try String(contentsOfFile: idsFile, encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(try executions(of: app), ids.sorted { Int($0)! < Int($1)! }, "the app's three jobs are its executions")
        for (ex, day) in zip(ids, ["monday", "tuesday", "monday"]) { try assertRanOnce(ex, day: day) }
        for (ex, day) in zip(ids.prefix(2), ["monday", "tuesday"]) {
            let path = "/day/\(day)/\(ex)/completed"
            XCTAssertEqual(receiver.wait(path, timeout: 30) { !$0.isEmpty }.count, 1, "\(day)'s FINISHED reached its own URL once")
        }
        XCTAssertEqual(Set(receiver.received.map(\.path)), ["/day/monday/\(ids[0])/completed", "/day/tuesday/\(ids[1])/completed"])
        cluster.assertStoreIntact()
    }

    /// Stores a job (`?start=false`) whose slices print `{DAY} {start}` once `gate` exists
    /// (waiting at most 120 s for it); its id.
    func store(_ name: String, gate: String) throws -> String {
        let wait = "i=0; while [ ! -e \(gate) ] && [ $i -lt 1200 ]; do sleep 0.1; i=$((i+1)); done"
        let spec: [String: Any] = [
            "name": name, "command": "\(wait); echo {DAY} {start}", "variables": ["DAY": "none"],
            "inputs": ["range": ["start": 1, "end": Self.slices]],
        ]
        let body = String(decoding: try JSONSerialization.data(withJSONObject: spec), as: UTF8.self)
        let answer = try JSONSerialization.jsonObject(with: try cluster.curl("POST", "/v1/jobs?start=false", body: body)) as? [String: Any]
        return try XCTUnwrap(answer?["job_id"] as? String, "POST /v1/jobs answered \(String(describing: answer))")
    }

    /// The job's executions' ids, oldest first.
    func executions(of job: String) throws -> [String] {
        let all = try XCTUnwrap(try cluster.json("/v1/ex?size=100") as? [[String: Any]])
        return all.filter { $0["job_id"] as? String == job }.compactMap { $0["ex_id"] as? String }.sorted { Int($0)! < Int($1)! }
    }

    /// The execution completed, each of its slices once, each output line once.
    func assertRanOnce(_ ex: String, day: String, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(cluster.status(ofExecution: ex), "completed", cluster.whyNotCompleted(ex), file: file, line: line)
        let slices = try cluster.slices(ex)
        XCTAssertEqual(slices.compactMap { ($0["slice"] as? NSNumber)?.intValue }.sorted(), Array(0..<Self.slices), "execution \(ex)'s own slices", file: file, line: line)
        XCTAssertEqual(cluster.outputLines([ex]).sorted(), (1...Self.slices).map { "\(day) \($0)" }.sorted(), "execution \(ex)'s outputs, each once", file: file, line: line)
    }

    /// `GET /v1/cluster/state` before any execution: every node idle, its `total` its cpus.
    func assertIdleNodesTellTheirSlots(file: StaticString = #filePath, line: UInt = #line) throws {
        let cpus = ProcessInfo.processInfo.activeProcessorCount
        let state = try cluster.object("/v1/cluster/state")
        XCTAssertEqual(state.count, Self.nodes, file: file, line: line)
        for (id, value) in state {
            let node = try XCTUnwrap(value as? [String: Any], file: file, line: line)
            XCTAssertEqual(node["node_id"] as? String, id, file: file, line: line)
            XCTAssertEqual(node["state"] as? String, "idle", file: file, line: line)
            XCTAssertEqual(node["total"] as? Int, cpus, "node \(id)'s slots are its cpus before any execution connects", file: file, line: line)
            XCTAssertEqual(node["available"] as? Int, cpus, file: file, line: line)
        }
    }
}
