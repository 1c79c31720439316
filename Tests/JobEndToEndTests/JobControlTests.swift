import Foundation
import Platform
import TestSupport
import XCTest

/// Stop and pause through `ess job`, checked on the nodes' process tables and on the slices'
/// own start times.
final class JobControlTests: JobTestCase {
    override class var nodes: Int { 4 }

    func testStopWith32InFlightLeavesNoJobProcessOnAnyNode() throws {
        let marker = "ess-stop-\(UUID().uuidString.prefix(8))"
        let command = "while :; do sleep 1; done; : \(marker) {start}"
        let spec = try cluster.spec("forever", ["name": "forever", "command": command, "inputs": ["range": ["start": 1, "end": 64]], "slots": 8])
        let (job, ex) = try cluster.submit(spec)
        cluster.wait(ex: ex, timeout: 90) { ($0["in_flight"] as? Int ?? 0) >= 32 }
        XCTAssertGreaterThanOrEqual(NodeProcesses.running(marker).count, 32, "32 slices running on the nodes")
        let stopped = cluster.job(["stop", job, "--timeout", "5"])
        XCTAssertEqual(stopped.status, 0, stopped.stderr)
        XCTAssertEqual(cluster.wait(ex: ex, for: JobStatus.terminal, timeout: 60), "stopped")
        let deadline = Date().addingTimeInterval(15)
        while !NodeProcesses.running(marker).isEmpty && Date() < deadline { usleep(100_000) }
        let left = NodeProcesses.running(marker)
        XCTAssertEqual(left, [], "job processes left: \(left.map { ProcessTable.commandLine($0) ?? "" })")
        let onNodes = cluster.nodeIDs.compactMap { cluster.ess.nodePids()[$0] }.flatMap { NodeProcesses.tree(of: $0) }
        let nonSSHD = onNodes.filter { (try? String(contentsOfFile: "/proc/\($0)/comm", encoding: .utf8))?.hasPrefix("sshd") == false }
        JobFigure.report("stop_32", "32 in flight on 4 nodes; stopped; \(left.count) job processes left, \(nonSSHD.count) non-sshd processes under the nodes' sshd")
    }

    func testNoSliceStartsAfterPauseReturnsAndResumeFinishes() throws {
        let count = 40
        let spec = try cluster.spec("stamped", ["name": "stamped", "command": "date +%s%N; sleep 0.3", "inputs": ["range": ["start": 1, "end": count]], "slots": 2])
        let (job, ex) = try cluster.submit(spec)
        cluster.wait(ex: ex) { ($0["processed"] as? Int ?? 0) >= 4 }
        let paused = cluster.job(["pause", job])
        XCTAssertEqual(paused.status, 0, paused.stderr)
        let pausedAt = Self.nanoseconds()
        XCTAssertEqual(cluster.wait(ex: ex, for: ["paused"]), "paused")
        usleep(2_000_000)
        let doneWhilePaused = cluster.statistics(ex)["processed"] as? Int ?? 0
        XCTAssertLessThan(doneWhilePaused, count, "work was left when paused")
        let resumedAt = Self.nanoseconds()
        let resumed = cluster.job(["resume", job])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertEqual(cluster.wait(ex: ex, for: JobStatus.terminal), "completed")
        let starts = cluster.outputs(ex).values.compactMap { UInt64($0.split(separator: "\n").first ?? "") }
        XCTAssertEqual(starts.count, count)
        let duringPause = starts.filter { $0 > pausedAt && $0 < resumedAt }
        XCTAssertEqual(duringPause, [], "slices started between pause's return and resume")
        JobFigure.report("pause", "\(count) slices: \(doneWhilePaused) done while paused 2 s, \(duringPause.count) started during the pause, \(starts.filter { $0 >= resumedAt }.count) after resume")
    }

    static func nanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }
}
