import ClusterModel
import Foundation
import JobModel
import JobWorkers
import Jobs
import Platform
import TestSupport
import XCTest

/// The master's kept connections over real sshd nodes: the TCP connections to each node, as
/// the kernel lists them (`ss`), show whether an execution made a new one or reused one.
final class WorkerConnectionsTests: XCTestCase {
    var cluster: WorkerCluster!
    var connections: WorkerConnections!

    override func tearDown() {
        connections?.close()
        connections = nil
        cluster?.stop()
        cluster = nil
    }

    func source(connectTimeout: Double = 5) -> SSHWorkerSource {
        SSHWorkerSource(
            directory: cluster.directory, environment: ["HOME": cluster.directory],
            options: .init(connectTimeout: connectTimeout, commandTimeout: 30), connections: connections)
    }

    func connect(_ source: SSHWorkerSource, exID: Int64) throws -> [any WorkerLink] {
        try source.connect(exID: exID, spec: try JobSpecParser.parse(Data(#"{"name":"t","command":"true","inputs":{"list":["a"]}}"#.utf8)))
    }

    func release(_ links: [any WorkerLink], removingFolders: Bool = true) {
        let released = DispatchGroup()
        for link in links {
            released.enter()
            link.release(removingFolder: removingFolders) { released.leave() }
        }
        XCTAssertEqual(released.wait(timeout: .now() + 30), .success, "the links were not released in 30 s")
    }

    /// The local ends of the master's TCP connections to node `index`.
    func established(_ index: Int) throws -> [String] {
        let node = cluster.nodes[index]
        let table = try TestTool.run("/usr/bin/ss", ["-Htn", "state", "established", "dst", "\(node.host):\(node.port)"])
        return table.split(separator: "\n").compactMap { $0.split(whereSeparator: \.isWhitespace).dropFirst(2).first.map(String.init) }
    }

    func testTheNextExecutionReusesTheConnectionsWithoutAHandshake() throws {
        cluster = try WorkerCluster(count: 2)
        connections = WorkerConnections()
        let source = source()
        let first = try connect(source, exID: 1)
        let before = try [established(0), established(1)]
        XCTAssertEqual(before.map(\.count), [1, 1])
        release(first)
        XCTAssertFalse(FileManager.default.fileExists(atPath: cluster.folder(0, exID: 1)), "the completed execution's folder stays")
        XCTAssertEqual(connections.idleCount, 2)
        let second = try connect(source, exID: 2)
        XCTAssertEqual(second.map(\.name), ["i-node0", "i-node1"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: cluster.folder(1, exID: 2)), "a kept connection starts nothing before a slice")
        let results = SliceResults()
        _ = second[1].start(SliceRun(index: 0, command: "pwd > here"), finished: results.callback(0))
        XCTAssertEqual(results.wait(for: 1)[0], [.exited(code: 0, stderrTail: "")])
        let here = try String(contentsOfFile: cluster.folder(1, exID: 2) + "/here", encoding: .utf8)
        XCTAssertEqual(here, cluster.folder(1, exID: 2) + "\n", "the first slice made the folder and ran in it")
        XCTAssertTrue(FileManager.default.fileExists(atPath: cluster.folder(1, exID: 2) + "/out"))
        XCTAssertEqual(try [established(0), established(1)], before, "the same TCP connections, no new one")
        XCTAssertEqual(connections.counts.made, 2)
        XCTAssertEqual(connections.counts.reused, 2)
        // A second execution at once gets connections of its own.
        let third = try connect(source, exID: 3)
        XCTAssertEqual(try established(0).count, 2)
        XCTAssertEqual(connections.counts.made, 4)
        release(second)
        release(third)
        XCTAssertEqual(connections.idleCount, 4, "both kept for the next executions")
    }

    /// The runner's pid as one slice on `link` sees it (`$$` in a runner's slice is the runner).
    func runnerPid(_ link: any WorkerLink) throws -> String {
        let output = SliceOutput()
        let results = SliceResults()
        _ = link.start(SliceRun(index: 0, command: "echo $$", output: output), finished: results.callback(0))
        XCTAssertEqual(results.wait(for: 1)[0], [.exited(code: 0, stderrTail: "")])
        return String(decoding: try output.bytes(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// One node and kept connections; a first execution ran a slice there and completed. Its
    /// runner's pid and the source.
    func afterACompletedExecution() throws -> (source: SSHWorkerSource, pid: String) {
        cluster = try WorkerCluster(count: 1)
        connections = WorkerConnections()
        let source = source()
        let first = try connect(source, exID: 1)
        let pid = try runnerPid(first[0])
        XCTAssertFalse(pid.isEmpty)
        release(first)
        return (source, pid)
    }

    func testACompletedExecutionLeavesItsRunnersWarmAndAnotherEndsThem() throws {
        let (source, pid) = try afterACompletedExecution()
        let alive = { (pid: String) in kill(pid_t(pid) ?? 0, 0) == 0 }
        XCTAssertTrue(alive(pid), "the completed execution's runner stays, waiting")
        let second = try connect(source, exID: 2)
        let next = try runnerPid(second[0])
        XCTAssertTrue(alive(pid), "the next execution runs beside the kept runner (or on it)")
        release(second, removingFolders: false)
        XCTAssertTrue(eventually(within: 10) { !alive(pid) && !alive(next) }, "the runners of an execution that did not complete ended")
        let third = try connect(source, exID: 3)
        XCTAssertFalse([pid, next].contains(try runnerPid(third[0])), "a new runner")
        XCTAssertEqual(connections.counts.made, 1, "all on one connection")
        release(third)
    }

    func testASliceWithInputEndsTheRunnersAFormerExecutionLeftIdle() throws {
        let (source, pid) = try afterACompletedExecution()
        let second = try connect(source, exID: 2)
        let input = TemporaryDirectory("ess-stdin")
        defer { input.remove() }
        XCTAssertTrue(FileManager.default.createFile(atPath: input.path + "/in", contents: Data("hello\n".utf8)))
        let results = SliceResults()
        let run = SliceRun(index: 0, command: "cat > got", stdin: ByteRange(path: input.path + "/in", offset: 0, length: nil))
        _ = second[0].start(run, finished: results.callback(0))
        XCTAssertEqual(results.wait(for: 1)[0], [.exited(code: 0, stderrTail: "")])
        XCTAssertEqual(try String(contentsOfFile: cluster.folder(0, exID: 2) + "/got", encoding: .utf8), "hello\n")
        XCTAssertTrue(eventually(within: 10) { kill(pid_t(pid) ?? 0, 0) != 0 }, "the idle runner no longer holds a session")
        release(second)
    }

    /// `nodes` nodes, kept connections, and a first execution that connected and let go: its
    /// connections are kept now. The source to connect through.
    func afterAFirstExecution(nodes: Int, connectTimeout: Double = 5) throws -> SSHWorkerSource {
        cluster = try WorkerCluster(count: nodes)
        connections = WorkerConnections()
        let source = source(connectTimeout: connectTimeout)
        release(try connect(source, exID: 1))
        return source
    }

    func testAKeptConnectionWhoseSessionDiedIsMadeAgain() throws {
        let source = try afterAFirstExecution(nodes: 1)
        let old = try established(0)
        // The node's sshd serving our connection dies; its listener stays.
        let sessions = try SSHDProcesses.tree(of: cluster.nodes[0].pid).filter { $0 != cluster.nodes[0].pid }
        XCTAssertFalse(sessions.isEmpty)
        for pid in sessions { kill(pid, SIGKILL) }
        let links = try connect(source, exID: 2)
        XCTAssertEqual(links.map(\.name), ["i-node0"])
        XCTAssertEqual(connections.counts.made, 2, "a new connection replaced the dead one")
        XCTAssertNotEqual(try established(0), old)
        release(links)
    }

    func testANodeThatStoppedAnsweringWhileKeptIsSkippedWithinTheConnectTimeout() throws {
        let source = try afterAFirstExecution(nodes: 2, connectTimeout: 3)
        let stopped = try SSHDProcesses.tree(of: cluster.nodes[1].pid)
        for pid in stopped { kill(pid, SIGSTOP) }
        var resumed = false
        defer { if !resumed { for pid in stopped { kill(pid, SIGCONT) } } }
        let links = try connect(source, exID: 2)
        XCTAssertEqual(links.map(\.name), ["i-node0"], "the silent node is skipped, not waited for")
        XCTAssertEqual(source.skipped.map(\.node), ["i-node1"])
        XCTAssertEqual(connections.counts.reused, 2, "both kept connections were tried")
        XCTAssertEqual(connections.counts.made, 3, "a new connection to the silent node was tried once")
        release(links)
        for pid in stopped { kill(pid, SIGCONT) }
        resumed = true
        let again = try connect(source, exID: 3)
        XCTAssertEqual(again.map(\.name), ["i-node0", "i-node1"], "the node answers again: a new connection")
        XCTAssertEqual(connections.counts.made, 4)
        release(again)
    }

    func testANodeLeavingTheRecordHasItsKeptConnectionClosed() throws {
        let source = try afterAFirstExecution(nodes: 2)
        XCTAssertEqual(try established(1).count, 1)
        let file = cluster.directory + "/.conf/reservation.json"
        var state = try ClusterStateCodec.decode(Data(contentsOf: URL(fileURLWithPath: file)))
        state.reservations[0].nodes.removeAll { $0.id == "i-node1" }
        try ClusterStateCodec.encode(state).write(to: URL(fileURLWithPath: file + ".new"))
        XCTAssertEqual(rename(file + ".new", file), 0)
        XCTAssertTrue(try eventually(within: 20) { try established(1).isEmpty }, "the removed node's connection is still open")
        XCTAssertEqual(try established(0).count, 1, "the node still in the cluster keeps its connection")
    }

    func testClosingTheConnectionsEndsEverySessionOnTheNodes() throws {
        let source = try afterAFirstExecution(nodes: 2)
        XCTAssertEqual(connections.idleCount, 2)
        XCTAssertEqual(try SSHDProcesses.tree(of: cluster.nodes[0].pid).count, 2, "the listener and our session's sshd")
        connections.close()
        XCTAssertEqual(try [established(0), established(1)].map(\.count), [0, 0])
        for node in cluster.nodes {
            XCTAssertTrue(try eventually(within: 20) { try SSHDProcesses.tree(of: node.pid) == [node.pid] }, "a session of \(node.host) outlived the close")
        }
    }
}
