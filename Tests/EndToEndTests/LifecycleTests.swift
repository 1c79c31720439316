import Foundation
import Platform
import TestSupport
import XCTest

/// The whole `ess cluster` lifecycle through the built binary, on real sshd nodes.
final class LifecycleTests: XCTestCase {
    var ess: EssHarness!

    override func setUp() {
        ess = EssHarness()
    }

    override func tearDown() {
        ess.cleanUp()
    }

    func nodes(_ status: [String: Any]) -> [[String: Any]] {
        status["nodes"] as? [[String: Any]] ?? []
    }

    func testCreateGrowRemoveAddTerminateLeavesNothing() throws {
        // create 3
        let created = ess.ok(["cluster", "create", "--number=3", "--type=t2.micro"])
        XCTAssertTrue(created.stdout.contains("3 t2.micro nodes, 3 reachable"), created.stdout)
        XCTAssertTrue(created.stderr.contains("3 of 3 nodes answer SSH"), created.stderr)

        // status: every node reachable with its figures, read over SSH
        var status = ess.statusJSON()
        XCTAssertEqual(nodes(status).count, 3)
        for node in nodes(status) {
            XCTAssertEqual(node["reachable"] as? Bool, true, "\(node)")
            XCTAssertEqual(node["state"] as? String, "reachable")
            XCTAssertGreaterThan(node["cpus"] as? Int ?? 0, 0)
            XCTAssertGreaterThan(node["mem_total_kib"] as? Int ?? 0, 0)
            XCTAssertGreaterThan(node["disk_total_kib"] as? Int ?? 0, 0)
            XCTAssertTrue((node["host_key_fingerprint"] as? String ?? "").hasPrefix("SHA256:"))
            XCTAssertTrue((node["instance_id"] as? String ?? "").hasPrefix("i-"))
        }
        let first = try XCTUnwrap((status["reservations"] as? [[String: Any]])?.first?["id"] as? String)
        XCTAssertTrue(first.hasPrefix("r-"))

        // create --add 2
        ess.ok(["cluster", "create", "--add", "--number=2"])
        status = ess.statusJSON()
        XCTAssertEqual(nodes(status).count, 5)
        let reservations = (status["reservations"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        XCTAssertEqual(reservations.count, 2)
        let second = reservations[1]

        // remove: forgotten but still running, and status says so
        let removed = ess.ok(["cluster", "remove", second])
        XCTAssertTrue(removed.stdout.contains("still running"), removed.stdout)
        status = ess.statusJSON()
        XCTAssertEqual(nodes(status).count, 3)
        XCTAssertEqual((status["unlisted_instances"] as? [String])?.count, 2)
        XCTAssertEqual(ess.nodePids().values.filter { ProcessTable.isAlive($0) }.count, 5)
        XCTAssertTrue(ess.ok(["cluster", "list"]).stdout.contains(second), "list keeps forgotten reservations")

        // add it back
        ess.ok(["cluster", "add", second])
        status = ess.statusJSON()
        XCTAssertEqual(nodes(status).count, 5)
        XCTAssertEqual(nodes(status).filter { $0["reachable"] as? Bool == true }.count, 5)
        XCTAssertEqual((status["unlisted_instances"] as? [String])?.count, 0)

        // terminate: nodes gone, key and group kept
        let pids = ess.nodePids()
        XCTAssertEqual(pids.count, 5)
        let terminated = ess.ok(["cluster", "terminate", "-y"])
        XCTAssertTrue(terminated.stdout.contains("terminated 5 nodes"), terminated.stdout)
        XCTAssertTrue(pids.values.allSatisfy { !ProcessTable.isAlive($0) }, "every sshd stopped")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: ess.localInstances), [])
        let keys = try FileManager.default.contentsOfDirectory(atPath: ess.aws + "/ess/keys")
        XCTAssertEqual(keys.count, 2, "plain terminate keeps the key: \(keys)")
        XCTAssertNotNil(ess.stateBytes)

        // a later create reuses the key
        let keyBefore = FileManager.default.contents(atPath: ess.aws + "/ess/keys/" + keys.sorted()[0])
        ess.ok(["cluster", "create", "--number=1"])
        XCTAssertEqual(FileManager.default.contents(atPath: ess.aws + "/ess/keys/" + keys.sorted()[0]), keyBefore)
        let lastPids = ess.nodePids()

        // terminate --all: nothing left
        ess.ok(["cluster", "terminate", "--all", "-y"])
        XCTAssertTrue(lastPids.values.allSatisfy { !ProcessTable.isAlive($0) })
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: ess.localInstances), [], "no node folders")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: ess.aws + "/ess/keys"), [], "no key files")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: ess.aws + "/ess/local/keypairs"), [])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: ess.aws + "/ess/local/security-groups"), [])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: ess.aws + "/ess/clusters"), [])
        XCTAssertNil(ess.stateBytes, "the cluster is forgotten")

        // and a second terminate --all has nothing to do
        let again = ess.ok(["cluster", "terminate", "--all", "-y"])
        XCTAssertTrue(again.stdout.contains("nothing to terminate"), again.stdout)
    }

    func testCreateAddLeavesTheOlderReservationAlone() throws {
        ess.ok(["cluster", "create", "--number=2"])
        let first = try XCTUnwrap((ess.statusJSON()["reservations"] as? [[String: Any]])?.first?["id"] as? String)
        let older = ess.nodePids()
        let (victim, pid) = try XCTUnwrap(older.sorted { $0.key < $1.key }.first)
        XCTAssertTrue(ProcessTable.stop(pid))

        // create --add waits on its own node only, and sums the older reservation up as recorded.
        let added = ess.ok(["cluster", "create", "--add", "--number=1"])
        XCTAssertTrue(added.stderr.contains("1 of 1 nodes answer SSH"), added.stderr)
        XCTAssertTrue(added.stdout.contains("\(first): 2 m3.medium nodes, 2 reachable (as last recorded)"), added.stdout)
        XCTAssertFalse(added.stdout.contains(victim), "the older nodes are neither listed nor checked: \(added.stdout)")
        let new = try XCTUnwrap(Set(ess.nodePids().keys).subtracting(older.keys).first)
        XCTAssertTrue(added.stdout.contains(new), added.stdout)

        // status checks every node, and finds the stopped one.
        let status = ess.run(["cluster", "status"])
        XCTAssertTrue(status.stdout.contains("\(first): 2 m3.medium nodes, 1 reachable"), status.stdout)
        XCTAssertTrue(status.stdout.contains(victim), status.stdout)
    }

    func testModesOfKeysAndFolders() throws {
        ess.ok(["cluster", "create", "--number=1"])
        let keys = ess.aws + "/ess/keys"
        XCTAssertEqual(PrivateFiles.mode(of: ess.aws), 0o700)
        XCTAssertEqual(PrivateFiles.mode(of: ess.aws + "/ess"), 0o700)
        XCTAssertEqual(PrivateFiles.mode(of: keys), 0o700)
        for file in try FileManager.default.contentsOfDirectory(atPath: keys) {
            XCTAssertEqual(PrivateFiles.mode(of: keys + "/" + file), 0o600, file)
        }
        XCTAssertEqual(PrivateFiles.mode(of: ess.aws + "/ess/clusters"), 0o700)
        for id in ess.nodePids().keys {
            XCTAssertEqual(PrivateFiles.mode(of: ess.localInstances + "/" + id), 0o700)
            XCTAssertEqual(PrivateFiles.mode(of: ess.localInstances + "/" + id + "/ssh_host_ed25519_key"), 0o600)
        }
    }

    func testTerminateAsksFirst() throws {
        ess.ok(["cluster", "create", "--number=1"])
        let before = ess.stateBytes
        let declined = ess.run(["cluster", "terminate"], stdin: "n\n")
        XCTAssertEqual(declined.status, 1)
        XCTAssertTrue(declined.stdout.contains("r-"), "lists what would go: \(declined.stdout)")
        XCTAssertTrue(declined.stderr.contains("nothing was terminated"), declined.stderr)
        XCTAssertEqual(ess.stateBytes, before)
        XCTAssertTrue(ess.nodePids().values.allSatisfy { ProcessTable.isAlive($0) })
        let accepted = ess.run(["cluster", "terminate"], stdin: "y\n")
        XCTAssertEqual(accepted.status, 0, accepted.stderr)
        XCTAssertTrue(ess.nodePids().isEmpty)
    }

    func testTwoConcurrentCreateAddBothLand() throws {
        ess.ok(["cluster", "create", "--number=1"])
        let results = ResultList()
        let harness: EssHarness = ess
        DispatchQueue.concurrentPerform(iterations: 2) { _ in
            results.append(harness.run(["cluster", "create", "--add", "--number=2"]))
        }
        for result in results.all { XCTAssertEqual(result.status, 0, result.stderr) }
        let status = ess.statusJSON()
        XCTAssertEqual((status["reservations"] as? [[String: Any]])?.count, 3)
        XCTAssertEqual((status["nodes"] as? [[String: Any]])?.count, 5)
    }

    func testSSHConfigReachesNodesWithSystemSSH() throws {
        ess.ok(["cluster", "create", "--number=2"])
        let config = ess.ok(["cluster", "ssh-config"]).stdout
        let path = ess.root + "/ssh_config"
        try config.write(toFile: path, atomically: true, encoding: .utf8)
        let ids = ess.nodePids().keys.sorted()
        XCTAssertEqual(ids.count, 2)
        for id in ids {
            XCTAssertTrue(config.contains("Host \(id)"))
            let out = try ChildProcess.run("/usr/bin/ssh", ["-F", path, "-o", "BatchMode=yes", id, "echo $ESS_NODE_ID"])
            XCTAssertEqual(out.status, 0, out.stderrText)
            XCTAssertEqual(String(decoding: out.stdout, as: UTF8.self), id + "\n")
        }
        let viaEss = ess.run(["cluster", "ssh", "2", "--", "echo", "second"])
        XCTAssertEqual(viaEss.status, 0, viaEss.stderr)
        XCTAssertEqual(viaEss.stdout, "second\n")
        XCTAssertEqual(ess.ok(["cluster", "iplist", "--private"]).stdout.split(separator: "\n").count, 2)
    }

    func testStopThenStartKeepsNodesAndPins() throws {
        ess.ok(["cluster", "create", "--number=2"])
        let pinned = nodes(ess.statusJSON()).compactMap { $0["host_key_fingerprint"] as? String }
        let before = ess.nodePids()
        XCTAssertEqual(pinned.count, 2)

        ess.ok(["cluster", "stop"])
        XCTAssertTrue(before.values.allSatisfy { !ProcessTable.isAlive($0) }, "stop stops the daemons")
        let stopped = ess.run(["cluster", "status", "--json", "--error-return-code"])
        XCTAssertEqual(stopped.status, 69, "stopped nodes are unreachable")
        let rows = nodes((try JSONSerialization.jsonObject(with: Data(stopped.stdout.utf8)) as? [String: Any]) ?? [:])
        XCTAssertEqual(rows.compactMap { $0["provider_state"] as? String }, ["stopped", "stopped"])

        ess.ok(["cluster", "start"])
        let after = nodes(ess.statusJSON())
        XCTAssertEqual(after.filter { $0["reachable"] as? Bool == true }.count, 2)
        XCTAssertEqual(after.compactMap { $0["host_key_fingerprint"] as? String }, pinned, "same nodes, same host keys")
        XCTAssertEqual(Set(ess.nodePids().keys), Set(before.keys), "same instances")
    }
}

final class ResultList: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [EssHarness.Run] = []
    func append(_ run: EssHarness.Run) { lock.withLock { results.append(run) } }
    var all: [EssHarness.Run] { lock.withLock { results } }

}
