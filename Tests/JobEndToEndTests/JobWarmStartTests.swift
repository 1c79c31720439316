import Foundation
import Platform
import TestSupport
import XCTest

/// The master keeps its SSH connections to the workers between executions: through the real
/// `ess serve` and real sshd nodes, the master's TCP connections as the kernel lists them
/// (`ss -p`) show whether an execution made new ones, and when they close.
final class JobWarmStartTests: JobTestCase {
    /// The master's established TCP connections to the nodes' sshd (port 22), each as
    /// `local peer`, read with `ss -p` for the master's pid.
    func masterConnections() throws -> Set<String> {
        let pid = try XCTUnwrap(cluster.master?.pid)
        let table = try TestTool.run("/usr/bin/ss", ["-Htnp", "state", "established", "dport", "=", ":22"])
        var found: Set<String> = []
        for line in table.split(separator: "\n") where line.contains("pid=\(pid),") {
            let fields = line.split(whereSeparator: \.isWhitespace)
            if fields.count >= 4 { found.insert("\(fields[2]) \(fields[3])") }
        }
        return found
    }

    /// The connections once they hold still at `count` (the execution's release runs after `completed`).
    func settledConnections(_ count: Int, file: StaticString = #filePath, line: UInt = #line) throws -> Set<String> {
        var seen: Set<String> = []
        let settled = try eventually(within: 20) {
            seen = try masterConnections()
            return seen.count == count
        }
        XCTAssertTrue(settled, "the master holds \(seen.count) connections, not \(count): \(seen)", file: file, line: line)
        return seen
    }

    func oneSliceSpec(_ name: String) throws -> String {
        try cluster.spec(name, ["name": name, "command": "echo {input}", "inputs": ["list": ["a", "b", "c", "d"]], "slots": 1])
    }

    /// The sshd processes under each node's listener, the listener left out.
    func nodeSessions() -> [Int32] {
        cluster.ess.nodePids().values.flatMap { NodeProcesses.tree(of: $0).filter { pid in !cluster.ess.nodePids().values.contains(pid) } }
    }

    func testTheNextExecutionRunsOnTheConnectionsTheFirstOneMade() throws {
        let spec = try oneSliceSpec("warm")
        _ = try runToCompletion(spec)
        let first = try settledConnections(2)
        let ex = try runToCompletion(spec)
        XCTAssertEqual(cluster.outputs(ex).count, 4)
        XCTAssertEqual(try settledConnections(2), first, "the second execution made new connections")
        // Several executions at once each get their own connection to a node; all are kept.
        // Their slices wait for a file (the nodes are on this machine) until all three run.
        let go = cluster.ess.work + "/go"
        let wait = "until [ -e \(go) ]; do sleep 0.05; done"
        let specs = try (1...3).map { try cluster.spec("at-once-\($0)", ["name": "at-once-\($0)", "command": wait, "inputs": ["list": ["a", "b"]], "slots": 1]) }
        let started = try specs.map { try cluster.submit($0).ex }
        for ex in started { cluster.wait(ex: ex) { ($0["in_flight"] as? NSNumber)?.intValue == 2 } }
        XCTAssertEqual(try masterConnections().count, 6, "three executions at once: a connection each to each node")
        XCTAssertTrue(FileManager.default.createFile(atPath: go, contents: Data()))
        for ex in started { XCTAssertEqual(cluster.wait(ex: ex, for: ["completed", "failed"]), "completed", cluster.whyNotCompleted(ex)) }
        let after = try settledConnections(6)
        XCTAssertTrue(first.isSubset(of: after), "the first connections are still among the kept ones")
        cluster.signalMaster(SIGTERM)
        XCTAssertTrue(eventually(within: 20) { nodeSessions().isEmpty }, "sessions left on the nodes after the master stopped: \(nodeSessions())")
    }

    func testAClusterWhoseNodesAreRemovedHasItsConnectionsClosed() throws {
        _ = try runToCompletion(try oneSliceSpec("before"))
        _ = try settledConnections(2)
        let record = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: cluster.conf + "/reservation.json"))) as? [String: Any]
        let reservation = try XCTUnwrap(((record?["reservations"] as? [[String: Any]])?.first?["id"]) as? String)
        cluster.ess.ok(["cluster", "remove", reservation])
        _ = try settledConnections(0)
        cluster.ess.ok(["cluster", "add", reservation])
        let ex = try runToCompletion(try oneSliceSpec("after"))
        XCTAssertEqual(cluster.outputs(ex).count, 4)
        _ = try settledConnections(2)
    }

    func testAKeptConnectionWhoseSessionWasKilledIsMadeAgain() throws {
        let spec = try oneSliceSpec("again")
        _ = try runToCompletion(spec)
        let first = try settledConnections(2)
        // Every session sshd on the nodes dies; the listeners stay.
        for pid in nodeSessions() { kill(pid, SIGKILL) }
        let ex = try runToCompletion(spec)
        XCTAssertEqual(Set(try cluster.slices(ex).compactMap { $0["worker"] as? String }).count, 2, "both nodes ran slices")
        let second = try settledConnections(2)
        XCTAssertTrue(first.isDisjoint(with: second), "new connections replaced the dead ones: \(first) then \(second)")
    }
}
