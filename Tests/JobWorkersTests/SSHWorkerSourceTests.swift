import Foundation
import JobModel
import JobStore
import JobWorkers
import JobsTestSupport
import Jobs
import Platform
import TestSupport
import XCTest

/// The directory's cluster as workers, over real sshd nodes.
final class SSHWorkerSourceTests: XCTestCase {
    var cluster: WorkerCluster!

    override func tearDown() {
        cluster?.stop()
        cluster = nil
    }

    func testInventoryAndConnectSkipDeadNodesWithTheirReasons() throws {
        cluster = try WorkerCluster(count: 2, dead: 1)
        let cpus = ProcessInfo.processInfo.activeProcessorCount
        XCTAssertEqual(try cluster.source.inventory().map(\.name), ["i-node0", "i-node1", "i-dead0"])
        XCTAssertEqual(
            try cluster.source.inventory().map(\.slots), [cpus, cpus, 1], "each node's cpus before any execution connects; 1 for one that never answered")
        let source = cluster.source
        let single = try JobSpecParser.parse(Data(#"{"name":"t","command":"true","workers":1,"inputs":{"list":["a"]}}"#.utf8))
        XCTAssertEqual(try source.workerCount(for: single, on: nil), 1)
        let spec = try JobSpecParser.parse(Data(#"{"name":"t","command":"true","slots":3,"inputs":{"list":["a","b","c"]}}"#.utf8))
        let links = try source.connect(exID: 4, spec: spec)
        defer { links.forEach { $0.close() } }
        XCTAssertEqual(links.map(\.name), ["i-node0", "i-node1"])
        XCTAssertEqual(links.map(\.slots), [3, 3])
        XCTAssertEqual(source.skipped.map(\.node), ["i-dead0"])
        XCTAssertTrue(FileManager.default.fileExists(atPath: cluster.folder(1, exID: 4) + "/out"))
        let one = try cluster.links(exID: 5, #"{"name":"t","command":"true","workers":1,"inputs":{"list":["a"]}}"#)
        defer { one.forEach { $0.close() } }
        XCTAssertEqual(one.map(\.name), ["i-node0"])
        XCTAssertEqual(one[0].slots, ProcessInfo.processInfo.activeProcessorCount, "no slots: the node's cpus")
    }

    func testASmallExecutionLeasesOneNodePerSliceAndASpareReplacingADeadOne() throws {
        cluster = try WorkerCluster(count: 2, dead: 1)
        let small = try JobSpecParser.parse(Data(#"{"name":"t","command":"true","inputs":{"list":["a"]}}"#.utf8))
        let source = cluster.source
        XCTAssertEqual(try source.workerCount(for: small, on: nil), 2, "one slice and a spare, of 3 nodes")
        // Each connect starts one node further on: in three, each node is tried first once, and
        // the dead one is replaced by the node left over every time it is among the first two.
        var skipped = 0
        for exID in Int64(1)...3 {
            let links = try source.connect(exID: exID, spec: small)
            XCTAssertEqual(links.map(\.name), ["i-node0", "i-node1"], "execution \(exID)")
            skipped += source.skipped.count
            links.forEach { $0.close() }
        }
        XCTAssertEqual(skipped, 2, "the dead node was among the first two of three rotations")
    }

    func testNoNodeConnectingNamesEachNodeAndWhy() throws {
        cluster = try WorkerCluster(count: 1, dead: 2)
        let spec = try JobSpecParser.parse(Data(#"{"name":"t","command":"true","inputs":{"list":["a"]}}"#.utf8))
        _ = ProcessTable.stop(cluster.nodes[0].pid)
        // A dying sshd may still take a connection without answering it: wait until it refuses.
        let node = cluster.nodes[0]
        XCTAssertTrue(eventually(within: 20) { !LoopbackPort.accepts(host: node.host, port: node.port) }, "the stopped node still accepts connections")
        XCTAssertThrowsError(try cluster.source.connect(exID: 1, spec: spec)) { error in
            guard case WorkerSourceError.noneConnected(let skips) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(skips.map(\.node), ["i-node0", "i-dead0", "i-dead1"])
            XCTAssertTrue(skips.allSatisfy { $0.reason.contains("refused") }, "\(skips)")
        }
        let other = try JobSpecParser.parse(Data(#"{"name":"t","command":"true","reservation":"r-other","inputs":{"list":["a"]}}"#.utf8))
        XCTAssertThrowsError(try cluster.source.connect(exID: 1, spec: other)) { error in
            XCTAssertEqual(error as? WorkerSourceError, .noSuchReservation("r-other", known: ["r-test"]))
        }
    }

    func testAKilledSSHDLosesEveryInFlightSliceExactlyOnce() throws {
        cluster = try WorkerCluster(count: 1)
        let link = try XCTUnwrap(cluster.links().first)
        defer { link.close() }
        let results = SliceResults()
        for index in 0..<6 {
            _ = link.start(SliceRun(index: Int64(index), command: "echo $$ > g\(index); sleep 300"), finished: results.callback(Int64(index)))
        }
        let folder = cluster.folder(0)
        XCTAssertTrue(eventually(within: 20) { (0..<6).allSatisfy { groupID(at: folder + "/g\($0)") != nil } })
        let groups = (0..<6).compactMap { groupID(at: folder + "/g\($0)") }
        defer { for group in groups where group > 1 { kill(-group, SIGKILL) } }
        // The listener and every sshd it forked for our connection, by pid (the slices' own
        // shells are left to the cleanup above).
        let sshds = try SSHDProcesses.tree(of: cluster.nodes[0].pid)
        for pid in sshds { kill(pid, SIGKILL) }
        let all = results.wait(for: 6)
        XCTAssertEqual(all.count, 6)
        for index in 0..<6 {
            let got = try XCTUnwrap(all[Int64(index)])
            XCTAssertEqual(got.count, 1, "slice \(index) finished \(got.count) times")
            guard case .lost = got[0] else { return XCTFail("slice \(index): \(got[0])") }
        }
        Thread.sleep(forTimeInterval: 0.3)
        XCTAssertEqual(results.wait(for: 6).values.map(\.count), Array(repeating: 1, count: 6), "no second result later")
    }

    func testAnExecutionCompletesOverRealWorkers() throws {
        cluster = try WorkerCluster(count: 3)
        let folder = TemporaryDirectory("ess-exec")
        defer { folder.remove() }
        var store: ExecutionStore? = ExecutionStore(try MasterDatabase(path: folder.path + "/ess.db"))
        defer { store = nil }
        let spec = try JobSpecParser.parse(Data(#"{"name":"count","command":"echo {start} {end}; echo from {worker} >&2","slots":8,"inputs":{"range":{"start":1,"end":600,"per_slice":2}}}"#.utf8))
        let exID = try XCTUnwrap(store!.submit(spec, start: true, at: Date()).execution?.id)
        let controller = try ExecutionController(exID: exID, store: store!, source: cluster.source, outputRoot: folder.path + "/jobs", batchSize: 64)
        let ended = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            controller.run()
            ended.signal()
        }
        XCTAssertEqual(ended.wait(timeout: .now() + 120), .success, "the execution did not end in 120 s")
        let execution = try store!.execution(exID)
        XCTAssertEqual(execution.status, .completed, execution.failureReason ?? "")
        XCTAssertEqual(try store!.sliceCounts(of: exID), [.completed: 300])
        let outputs = try CommittedOutputs.read(store!, root: folder.path + "/jobs", exID: exID)
        XCTAssertEqual(outputs.count, 300)
        for index in 0..<300 {
            let text = outputs[Int64(index)]
            XCTAssertEqual(text, "\(index * 2 + 1) \(index * 2 + 2)\n")
        }
        let workers = Set(try store!.slices(of: exID, in: [.completed], limit: 1000).compactMap(\.worker))
        XCTAssertEqual(workers, ["i-node0", "i-node1", "i-node2"])
        for node in cluster.nodes {
            let left = node.home.path + "/.ess/jobs/\(exID)"
            XCTAssertFalse(FileManager.default.fileExists(atPath: left), "the completed execution left \(left)")
        }
    }
}

/// The processes of an sshd: the listener and every sshd under it, found by parent pid.
enum SSHDProcesses {
    static func tree(of root: Int32) throws -> [Int32] {
        let table = try TestTool.run("/bin/ps", ["-A", "-o", "pid=,ppid=,comm="])
        var children: [Int32: [(Int32, String)]] = [:]
        for line in table.split(separator: "\n") {
            let fields = line.split(whereSeparator: \.isWhitespace)
            guard fields.count >= 3, let pid = Int32(fields[0]), let parent = Int32(fields[1]) else { continue }
            children[parent, default: []].append((pid, String(fields[2])))
        }
        var found = [root]
        var queue = [root]
        while let next = queue.popLast() {
            for (pid, command) in children[next] ?? [] where command.hasPrefix("sshd") {
                found.append(pid)
                queue.append(pid)
            }
        }
        return found
    }
}
