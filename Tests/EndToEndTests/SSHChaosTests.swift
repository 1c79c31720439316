import Foundation
import Platform
import TestSupport
import XCTest

/// Issue 5, part 7: 16 local nodes sync a package while one node dies mid-stream (its sshd killed
/// by pid) and another presents a swapped host key. The other 14 sync; the dead one is reported
/// with a reason; the swapped one is refused before any command reaches it; once the dead node is
/// back a rerun finishes it, and the swapped one stays refused. Full size: 3 rounds, each with a
/// new dead node and a new swapped one (the swapped ones accumulate).
final class SSHChaosTests: EssTestCase {
    override class var label: String { "ess-chaos-ssh" }

    func testSixteenNodesSyncThroughADeadNodeAndASwappedHostKey() throws {
        let rounds = Chaos.size(ci: 1, full: 3)
        ess.ok(["cluster", "create", "--number=16"])
        let ids = (ess.statusJSON()["nodes"] as? [[String: Any]] ?? []).compactMap { $0["instance_id"] as? String }
        XCTAssertEqual(ids.count, 16)
        try ess.writeSyncPackage(version: "1.0")
        XCTAssertEqual(Set(ess.ok(["cluster", "sync", "--json"]).summaries.values), ["now 1.0 (was none)"])

        var swappedSoFar: [String] = []
        var figures: [String] = []
        var previous = "1.0"
        for round in 1...rounds {
            let version = "\(round + 1).0"
            let dead = ids[2 * (round - 1)], swapped = ids[2 * (round - 1) + 1]
            try ess.writeSyncPackage(version: version, size: 4 * 1024 * 1024)

            // The swapped node records every command that reaches it; prove the record works first.
            let commands = ess.nodeFolder(swapped) + "/commands.log"
            try Data(EssHarness.recordingEntry(log: commands).utf8).write(to: URL(fileURLWithPath: ess.entryScript(swapped)))
            ess.ok(["cluster", "run", "echo recorded", "--nodes", swapped])
            XCTAssertTrue((try? String(contentsOfFile: commands, encoding: .utf8))?.contains("echo recorded") ?? false, "the record works")
            try FileManager.default.removeItem(atPath: commands)
            try ess.swapHostKey(swapped)
            swappedSoFar.append(swapped)

            // The dead node: once 1 MB of the package has arrived, its listening sshd (by pid) and
            // the connection's sshd are killed.
            let original = try XCTUnwrap(FileManager.default.contents(atPath: ess.entryScript(dead)))
            let listener = try XCTUnwrap(ess.nodePid(dead))
            try Data(EssHarness.killingEntry(marker: "ess/.killed", alsoKill: [listener]).utf8)
                .write(to: URL(fileURLWithPath: ess.entryScript(dead)))

            let faulted = ess.run(["cluster", "sync", "--json"], timeout: 240)
            XCTAssertEqual(faulted.status, 1, "a node failed mid-transfer, not only unreachable ones: \(faulted.stderr)")
            let healthy = ids.filter { $0 != dead && !swappedSoFar.contains($0) }
            let synced = healthy.filter { faulted.summaries[$0] == "now \(version) (was \(previous))" }
            XCTAssertEqual(synced, healthy, faulted.summaries.description)
            XCTAssertEqual(Set(faulted.json["failed"] as? [String] ?? []), Set(swappedSoFar + [dead]))
            XCTAssertTrue(FileManager.default.fileExists(atPath: ess.nodeHome(dead) + "/ess/.killed"), "the fault really fired")
            XCTAssertFalse(ProcessTable.isAlive(listener), "the dead node's sshd is gone")
            let deadLine = faulted.stderrLines.first { $0.contains("sync failed on \(dead)") }.map(String.init) ?? ""
            XCTAssertTrue(deadLine.contains("connection"), "the reason, a lost connection: \(faulted.stderr)")
            for node in swappedSoFar {
                let line = faulted.stderrLines.first { $0.contains("sync failed on \(node)") }.map(String.init) ?? ""
                XCTAssertTrue(line.contains("host key") && line.contains("changed") && line.contains("nothing was sent"), "refused for its host key: \(faulted.stderr)")
            }
            XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: ess.nodeHome(dead) + "/ess/current"), "versions/\(previous)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: ess.nodeHome(dead) + "/ess/versions/\(version)"))

            // Still down: a rerun is refused at connect for it (every failure is unreachable: 69).
            try original.write(to: URL(fileURLWithPath: ess.entryScript(dead)))
            let down = ess.run(["cluster", "sync", "--json"], timeout: 120)
            XCTAssertEqual(down.status, 69, down.stderr)
            XCTAssertEqual(Set(down.json["failed"] as? [String] ?? []), Set(swappedSoFar + [dead]))

            // Back: the rerun ships to it alone; the swapped nodes stay refused.
            try ess.restartNode(dead)
            let rerun = ess.run(["cluster", "sync", "--json"], timeout: 120)
            XCTAssertEqual(rerun.status, 69, "only the swapped nodes fail, unreachable: \(rerun.stderr)")
            XCTAssertEqual(rerun.summaries[dead], "now \(version) (was \(previous))")
            XCTAssertEqual(healthy.filter { rerun.summaries[$0] == "up to date (\(version))" }, healthy)
            XCTAssertEqual(Set(rerun.json["failed"] as? [String] ?? []), Set(swappedSoFar))

            let reached = swappedSoFar.filter { FileManager.default.fileExists(atPath: ess.nodeFolder($0) + "/commands.log") }
            XCTAssertEqual(reached, [], "no command reached a node whose host key changed")
            figures.append("\(synced.count)/16 synced, dead reported, \(swappedSoFar.count) swapped refused with \(reached.count) commands run, rerun finished dead (\(healthy.count + 1)/16)")
            previous = version
        }
        Chaos.figure("ssh_faults_16_nodes", "\(rounds) round\(rounds == 1 ? "" : "s"): " + figures.joined(separator: "; "))
    }
}
