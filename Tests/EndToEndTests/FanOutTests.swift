import Foundation
import Platform
import TestSupport
import XCTest

/// `run`/`exec`, `put`, `get` and `sync` through the built binary, on real sshd nodes.
final class FanOutTests: EssTestCase {
    override class var label: String { "ess-fanout" }

    func nodeIDs() -> [String] {
        (ess.statusJSON()["nodes"] as? [[String: Any]] ?? []).compactMap { $0["instance_id"] as? String }
    }

    func home(_ id: String) -> String { ess.localInstances + "/" + id + "/home" }

    func testRunPrefixesGroupsAndSummarisesFailures() throws {
        ess.ok(["cluster", "create", "--number=3"])
        let ids = nodeIDs()
        XCTAssertEqual(ids.count, 3)

        let plain = ess.ok(["cluster", "run", #"echo "same"; echo "$ESS_NODE_ID" >&2"#])
        XCTAssertEqual(plain.stdout.split(separator: "\n").sorted(), ids.map { "\($0) | same" }.sorted(), "every node, prefixed, as they come")
        for id in ids { XCTAssertTrue(plain.stderr.contains("\(id) | \(id)\n"), plain.stderr) }

        let grouped = ess.ok(["cluster", "exec", "echo same; echo warn >&2", "--group"])
        let rule = String(repeating: "-", count: 15)
        XCTAssertEqual(grouped.stdout, "\(rule)\n\(ids.joined(separator: ",")) (3)\n\(rule)\nsame\n[stderr]\nwarn\n", "once, at the end")
        XCTAssertFalse(grouped.stderr.contains("warn"), grouped.stderr)

        // One node fails with its own exit code; the others succeed; the summary names it.
        let second = ids[1]
        let failing = ess.run(["cluster", "run", #"echo warn >&2; [ "$ESS_NODE_ID" = "\#(second)" ] && exit 7; echo fine"#, "--json"])
        XCTAssertEqual(failing.status, 1, failing.stderr)
        XCTAssertTrue(failing.stderr.contains("run failed on \(second): exit code 7"), failing.stderr)
        XCTAssertTrue(failing.stderr.contains("1 of 3 nodes"), failing.stderr)
        let byNode = failing.rows
        XCTAssertEqual(byNode[second]?["exit_code"] as? Int, 7)
        XCTAssertEqual(byNode[ids[0]]?["stdout"] as? String, "fine\n")
        XCTAssertEqual(byNode[second]?["stderr"] as? String, "warn\n", "--json collects both streams, unprefixed")
        XCTAssertNotNil(try? JSONSerialization.jsonObject(with: Data(failing.stdout.utf8)), "stdout is one JSON document")
        XCTAssertEqual(failing.json["failed"] as? [String], [second])

        // --nodes picks by number and range.
        let picked = ess.ok(["cluster", "run", "echo hi", "--nodes", "1,3"])
        XCTAssertEqual(picked.stdout.split(separator: "\n").sorted(), ["\(ids[0]) | hi", "\(ids[2]) | hi"].sorted())

        // A node stuck past --timeout fails alone; the others finish.
        let stuck = ess.run(["cluster", "run", #"[ "$ESS_NODE_ID" = "\#(ids[0])" ] && sleep 20; echo done"#, "--timeout", "2"], timeout: 15)
        XCTAssertEqual(stuck.status, 1, stuck.stderr)
        XCTAssertTrue(stuck.stderr.contains("run failed on \(ids[0]): the command on"), stuck.stderr)
        XCTAssertEqual(stuck.stdout.split(separator: "\n").sorted(), ["\(ids[1]) | done", "\(ids[2]) | done"].sorted())
    }

    func testPutAndGetStreamAFileToAndFromEveryNode() throws {
        ess.ok(["cluster", "create", "--number=3"])
        let ids = nodeIDs()
        var bytes = Data(count: 3 * 1024 * 1024 + 17)
        for index in stride(from: 0, to: bytes.count, by: 1) { bytes[index] = UInt8.random(in: 0...255) }
        let local = ess.work + "/blob.bin"
        try bytes.write(to: URL(fileURLWithPath: local))

        let put = ess.ok(["cluster", "put", "blob.bin", "incoming/"])
        XCTAssertEqual(put.stdout.split(separator: "\n").count, 3, put.stdout)
        for id in ids {
            XCTAssertEqual(FileManager.default.contents(atPath: home(id) + "/incoming/blob.bin"), bytes, "node \(id) has the whole file")
        }
        // Each node's copy is its own: change one, fetch all, and see the difference land in the right folder.
        ess.ok(["cluster", "run", "echo changed >> incoming/blob.bin", "--nodes", "2"])
        let got = ess.ok(["cluster", "get", "incoming/blob.bin", "collected"])
        XCTAssertEqual(got.stdout.split(separator: "\n").count, 3, got.stdout)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: ess.work + "/collected").sorted(), ids.sorted())
        for (index, id) in ids.enumerated() {
            let fetched = FileManager.default.contents(atPath: "\(ess.work)/collected/\(id)/blob.bin")
            XCTAssertEqual(fetched, index == 1 ? bytes + Data("changed\n".utf8) : bytes, id)
        }

        let missing = ess.run(["cluster", "get", "no/such/file", "collected2", "--nodes", "1"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("get failed on \(ids[0])"), missing.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: ess.work + "/collected2/\(ids[0])"), [], "no partial file")
        XCTAssertNotEqual(ess.run(["cluster", "put", "nope.bin", "x"]).status, 0)
    }

    func testSyncShipsOnlyWhereTheVersionDiffersAndRollsBack() throws {
        ess.ok(["cluster", "create", "--number=3"])
        let ids = nodeIDs()
        try ess.writeSyncPackage(version: "1.0")
        var sync = ess.ok(["cluster", "sync", "--json"])
        XCTAssertEqual(Set(sync.summaries.values), ["now 1.0 (was none)"], sync.stdout)
        for id in ids {
            XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: home(id) + "/ess/current"), "versions/1.0")
        }
        XCTAssertEqual(ess.ok(["cluster", "run", "sh ess/current/bin/app", "--group"]).stdout.components(separatedBy: "app 1.0").count, 2)

        // Nothing changed: nothing shipped.
        sync = ess.ok(["cluster", "sync", "--json"])
        XCTAssertEqual(Set(sync.summaries.values), ["up to date (1.0)"])

        // One node drifts (its install removed): only it gets the package.
        ess.ok(["cluster", "run", "rm -rf ess", "--nodes", "3"])
        sync = ess.ok(["cluster", "sync", "--json"])
        XCTAssertEqual(sync.summaries, [ids[0]: "up to date (1.0)", ids[1]: "up to date (1.0)", ids[2]: "now 1.0 (was none)"])

        try ess.writeSyncPackage(version: "2.0")
        sync = ess.ok(["cluster", "sync", "--json"])
        XCTAssertEqual(Set(sync.summaries.values), ["now 2.0 (was 1.0)"])
        var status = ess.statusJSON()["nodes"] as? [[String: Any]] ?? []
        XCTAssertEqual(status.compactMap { $0["version"] as? String }, ["2.0", "2.0", "2.0"], "status shows the new version")

        let back = ess.ok(["cluster", "sync", "--rollback"])
        XCTAssertTrue(back.stdout.contains("3 of 3 nodes"), back.stdout)
        for id in ids {
            XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: home(id) + "/ess/current"), "versions/1.0")
        }
        let recorded = String(decoding: ess.stateBytes ?? Data(), as: UTF8.self)
        XCTAssertEqual(recorded.components(separatedBy: #""version" : "1.0""#).count - 1, 3, recorded)

        // 2.0 is still on the nodes: syncing again only switches the link.
        sync = ess.ok(["cluster", "sync", "--json"])
        XCTAssertEqual(Set(sync.summaries.values), ["now 2.0 (was 1.0)"])
        status = ess.statusJSON()["nodes"] as? [[String: Any]] ?? []
        XCTAssertEqual(status.compactMap { $0["version"] as? String }, ["2.0", "2.0", "2.0"])
    }

    /// Node 1 is down before the sync; node 2's connection is killed mid-transfer; node 3 completes.
    /// The sync fails listing both; node 2 keeps its old version with nothing half-installed; a rerun
    /// after they are back ships only to them.
    func testSyncFaultsNodeDownAndNodeKilledMidTransfer() throws {
        ess.ok(["cluster", "create", "--number=3"])
        let ids = nodeIDs()
        try ess.writeSyncPackage(version: "1.0")
        ess.ok(["cluster", "sync"])
        try ess.writeSyncPackage(version: "2.0", size: 4 * 1024 * 1024)

        // Node 1: its sshd stopped.
        let down = ids[0]
        let pids = ess.nodePids()
        XCTAssertTrue(ProcessTable.stop(try XCTUnwrap(pids[down])))
        // Node 2: its entry script lets the transfer start, then kills the SSH connection's sshd process.
        let killed = ids[1]
        let enter = ess.entryScript(killed)
        let original = try XCTUnwrap(FileManager.default.contents(atPath: enter))
        try Data(EssHarness.killingEntry().utf8).write(to: URL(fileURLWithPath: enter))

        let failed = ess.run(["cluster", "sync", "--json"], timeout: 60)
        XCTAssertNotEqual(failed.status, 0)
        XCTAssertTrue(failed.stderr.contains("sync failed on \(down)"), failed.stderr)
        // The SSH library reports the refusal; the CLI's renderer adds what to do.
        XCTAssertTrue(failed.stderr.contains("refused the connection"), failed.stderr)
        XCTAssertTrue(failed.stderr.contains("the node may still be booting, or sshd is not running (check `ess cluster status`)"), failed.stderr)
        XCTAssertTrue(failed.stderr.contains("sync failed on \(killed)"), failed.stderr)
        XCTAssertTrue(failed.stderr.contains("2 of 3 nodes"), failed.stderr)
        XCTAssertEqual(Set(failed.json["failed"] as? [String] ?? []), [down, killed])
        XCTAssertEqual(failed.summaries[ids[2]], "now 2.0 (was 1.0)")
        XCTAssertTrue(FileManager.default.fileExists(atPath: home(killed) + "/ess/.killed-mid-transfer"), "the fault really fired")

        // Node 2 still runs 1.0, fully: no versions/2.0, `current` whole.
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: home(killed) + "/ess/current"), "versions/1.0")
        XCTAssertFalse(FileManager.default.fileExists(atPath: home(killed) + "/ess/versions/2.0"))
        XCTAssertEqual(try String(contentsOfFile: home(killed) + "/ess/current/VERSION", encoding: .utf8), "1.0\n")
        XCTAssertNotNil(FileManager.default.contents(atPath: home(killed) + "/ess/current/bin/app"))

        // Bring both back; the rerun ships to them only.
        try original.write(to: URL(fileURLWithPath: enter))
        try ess.restartNode(down)
        let rerun = ess.run(["cluster", "sync", "--json"], timeout: 60)
        XCTAssertEqual(rerun.status, 0, rerun.stderr)
        XCTAssertEqual(rerun.summaries, [down: "now 2.0 (was 1.0)", killed: "now 2.0 (was 1.0)", ids[2]: "up to date (2.0)"])
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: home(killed) + "/ess/current"), "versions/2.0")
    }
}
