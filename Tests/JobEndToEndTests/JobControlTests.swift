import Foundation
import Platform
import TestSupport
import XCTest

/// Stop and pause through `ess job`, checked on the nodes' process tables and on the slices'
/// own start times.
final class JobControlTests: JobTestCase {
    override class var nodes: Int { 4 }

    func testStopWith32InFlightLeavesNoJobProcessOnAnyNode() throws {
        let command = "sleep 600 & while :; do sleep 1; done; : {start}"
        let spec = try cluster.spec("forever", ["name": "forever", "command": command, "inputs": ["range": ["start": 1, "end": 64]], "slots": 8])
        let (job, ex) = try cluster.submit(spec)
        cluster.wait(ex: ex, timeout: 90) { ($0["in_flight"] as? Int ?? 0) >= 32 }
        // Every process below a node's sshd that is not sshd itself is the job's (slot runners
        // and the slices they started, or a slice in the shell sshd started). Each slice keeps
        // one `sleep 600`: wait until all 32 run (a slice is sent before its command starts).
        var running: [Int32] = []
        var sleepers: [Int32] = []
        _ = eventually(within: 30, interval: 0.1) {
            running = jobProcesses()
            sleepers = running.filter { ProcessTable.commandLine($0)?.trimmingCharacters(in: .whitespaces) == "sleep 600" }
            return sleepers.count >= 32
        }
        XCTAssertEqual(sleepers.count, 32, "32 slices running on the nodes")
        let stopped = cluster.job(["stop", job, "--timeout", "5"])
        XCTAssertEqual(stopped.status, 0, stopped.stderr)
        XCTAssertEqual(cluster.wait(ex: ex, for: JobStatus.terminal, timeout: 60), "stopped")
        _ = eventually(within: 15, interval: 0.1) { jobProcesses().isEmpty }
        let left = jobProcesses()
        XCTAssertEqual(left, [], "job processes left: \(left.map { ProcessTable.commandLine($0) ?? "" })")
        let escaped = running.filter { ProcessTable.isAlive($0) }
        XCTAssertEqual(escaped, [], "processes of the job that left the nodes' trees are still alive")
        JobFigure.report("stop_32", "32 in flight on 4 nodes (\(running.count) processes); stopped; \(left.count) job processes left under the nodes' sshd, \(escaped.count) elsewhere")
    }

    /// Every live process below the nodes' sshd daemons that is not an sshd.
    func jobProcesses() -> [Int32] {
        let roots = cluster.nodeIDs.compactMap { cluster.ess.nodePids()[$0] }
        return roots.flatMap { NodeProcesses.tree(of: $0) }.filter {
            (try? String(contentsOfFile: "/proc/\($0)/comm", encoding: .utf8))?.hasPrefix("sshd") == false
        }
    }

    func testNoSliceStartsAfterPauseReturnsAndResumeFinishes() throws {
        let count = 40
        let spec = try cluster.spec("stamped", ["name": "stamped", "command": "read -r \(Array(repeating: "_", count: 21).joined(separator: " ")) t _ < /proc/self/stat; echo $t; sleep 0.3", "inputs": ["range": ["start": 1, "end": count]], "slots": 2])
        let (job, ex) = try cluster.submit(spec)
        cluster.wait(ex: ex) { ($0["processed"] as? Int ?? 0) >= 4 }
        let paused = cluster.job(["pause", job])
        XCTAssertEqual(paused.status, 0, paused.stderr)
        let pausedAt = Self.nanoseconds()
        XCTAssertEqual(cluster.wait(ex: ex, for: ["paused"]), "paused")
        // The master's threads carry names `top -H` shows: the execution's controller and one
        // connection loop per node.
        let threads = cluster.masterThreadNames()
        XCTAssertEqual(threads.filter { $0 == "ess-mux" }.count, Self.nodes, "one connection per node: \(threads)")
        XCTAssertEqual(threads.filter { $0 == "ess-ex-\(ex)" }.count, 1, "the execution's controller: \(threads)")
        usleep(2_000_000)
        let doneWhilePaused = cluster.statistics(ex)["processed"] as? Int ?? 0
        XCTAssertLessThan(doneWhilePaused, count, "work was left when paused")
        let resumedAt = Self.nanoseconds()
        let resumed = cluster.job(["resume", job])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertEqual(cluster.wait(ex: ex, for: JobStatus.terminal), "completed")
        // Each slice's shell's own start (field 22 of /proc/self/stat, read by the shell itself:
        // clock ticks since boot, rounded down), not the time its first command got to run.
        let tick = 1_000_000_000 / UInt64(sysconf(Int32(_SC_CLK_TCK)))
        let starts = cluster.outputs(ex).values.compactMap { UInt64($0.split(separator: "\n").first ?? "").map { $0 * tick } }
        XCTAssertEqual(starts.count, count)
        let duringPause = starts.filter { $0 > pausedAt && $0 < resumedAt }
        XCTAssertEqual(duringPause, [], "slices started between pause's return and resume")
        JobFigure.report("pause", "\(count) slices: \(doneWhilePaused) done while paused 2 s, \(duringPause.count) started during the pause, \(starts.filter { $0 >= resumedAt }.count) after resume")
    }

    /// Nanoseconds since boot (CLOCK_BOOTTIME, the clock of /proc/PID/stat's start times).
    static func nanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_BOOTTIME, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }
}
