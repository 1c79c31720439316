import Foundation
import JobModel
import JobWorkers
import Jobs
import TestSupport
import XCTest

/// A node whose sshd allows fewer sessions per connection than the worker runs slices.
final class SessionLimitTests: XCTestCase {
    func testSlicesBeyondMaxSessionsWaitForAChannelInsteadOfFailing() throws {
        let cluster = try WorkerCluster(count: 1)
        defer { cluster.stop() }
        let node = cluster.nodes[0]
        let config = node.directory.path + "/node/sshd_config"
        let text = try String(contentsOfFile: config, encoding: .utf8)
        XCTAssertTrue(text.contains("MaxSessions 256"))
        try text.replacingOccurrences(of: "MaxSessions 256", with: "MaxSessions 4").write(toFile: config, atomically: false, encoding: .utf8)
        // sshd re-executes itself with the new configuration on HUP, keeping its pid.
        kill(node.pid, SIGHUP)
        Thread.sleep(forTimeInterval: 0.3)
        XCTAssertTrue(eventually(within: 20) { LoopbackPort.accepts(host: node.host, port: node.port) })
        let link = try XCTUnwrap(cluster.links(#"{"name":"t","command":"true","slots":12,"inputs":{"list":["a"]}}"#).first)
        defer { link.close() }
        let scratch = TemporaryDirectory("ess-limit")
        let kept = KeptOutputs()
        defer { scratch.remove() }
        let results = SliceResults()
        let stuck = link.start(SliceRun(index: 100, command: "sleep 300"), finished: results.callback(100))
        for index in 0..<12 {
            _ = link.start(SliceRun(index: Int64(index), command: "sleep 0.2; echo \(index)", output: kept.at("\(index)")), finished: results.callback(Int64(index)))
        }
        let done = results.wait(for: 12, seconds: 60)
        for index in 0..<12 {
            XCTAssertEqual(done[Int64(index)], [.exited(code: 0, stderrTail: "")], "slice \(index)")
            XCTAssertEqual(try kept.text("\(index)"), "\(index)\n")
        }
        let limit = try XCTUnwrap(link.sessionLimit, "the node refused a channel")
        XCTAssertLessThan(limit, 4)
        // Ending a slice takes the channel kept back for it, even with every other one busy.
        stuck.end(force: true)
        XCTAssertEqual(results.wait(for: 13)[100], [.exited(code: 137, stderrTail: "")])
    }
}
