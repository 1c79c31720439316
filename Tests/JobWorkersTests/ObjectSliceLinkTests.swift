import Foundation
import JobModel
import JobWorkers
import Jobs
import TestSupport
import XCTest

/// Slices that fetch and put S3 objects themselves over a real sshd worker and a real moto_server:
/// on a slot runner and on a channel of their own, with no presigned URL in any process's
/// arguments on the node or in what comes back; and workers without curl refused.
final class ObjectSliceLinkTests: XCTestCase {
    var cluster: WorkerCluster!
    var s3: MotoS3!
    var connections: WorkerConnections?
    let kept = KeptOutputs()

    override func setUpWithError() throws {
        try XCTSkipUnless(MotoServer.isInstalled, "moto_server (PyPI moto[server]) is not installed")
        s3 = try MotoS3()
        try s3.makeBucket("logs")
        try s3.makeBucket("reports")
    }

    override func tearDown() {
        connections?.close()
        cluster?.stop()
        s3?.stop()
    }

    /// Starts one slice on `link` and waits for its one result.
    func run(_ run: SliceRun, on link: SSHWorkerLink) throws -> SliceResult {
        let results = SliceResults()
        _ = link.start(run, finished: results.callback(run.index))
        let mine = try XCTUnwrap(results.wait(for: 1)[run.index], "the slice did not finish in 60 s")
        XCTAssertEqual(mine.count, 1, "finished exactly once")
        return mine[0]
    }

    /// Every process's arguments on this machine (the nodes are local), and the curl processes
    /// in group `pgid`.
    func processes(group pgid: Int32) throws -> (all: String, curls: [String]) {
        let table = try TestTool.run("/bin/ps", ["-eww", "-o", "pgid=,args="])
        let curls = table.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { $0.hasPrefix("\(pgid) ") && $0.contains("curl ") }
        return (table, curls)
    }

    /// The cluster's source, patient with nodes that a loaded machine starves (local nodes run
    /// at the lowest cpu priority); `connections` keeps connections between executions.
    func source(connections: WorkerConnections? = nil) -> SSHWorkerSource {
        SSHWorkerSource(
            directory: cluster.directory, environment: ["HOME": cluster.directory], options: .init(connectTimeout: 30, commandTimeout: 60),
            connections: connections)
    }

    /// Connects the workers of execution `exID` of `json`.
    func links(exID: Int64 = 1, _ json: String = ObjectSliceLinkTests.s3Spec, from source: SSHWorkerSource? = nil) throws -> [SSHWorkerLink] {
        try (source ?? self.source()).connect(exID: exID, spec: JobSpecParser.parse(Data(json.utf8))).map { try XCTUnwrap($0 as? SSHWorkerLink) }
    }

    static let s3Spec = #"{"name":"t","command":"wc -l","inputs":{"s3":{"url":"s3://logs/"}},"output":{"s3":"s3://reports/out/"}}"#
    static let plainSpec = #"{"name":"t","command":"true","inputs":{"list":["a"]}}"#

    func testObjectsAreFetchedAndPutFromARunner() throws {
        cluster = try WorkerCluster(count: 1)
        let link = try XCTUnwrap(links().first)
        defer { link.close() }
        try s3.put("logs", "a", Data("1\n2\n".utf8))
        try s3.put("logs", "b", Data("3\n".utf8))
        let fetches = [s3.fetch("logs", "a"), s3.fetch("logs", "b")]
        // Output kept on the master, no upload.
        XCTAssertEqual(try run(SliceRun(index: 0, command: "wc -l", output: kept.at("0"), fetches: fetches), on: link), .exited(code: 0, stderrTail: ""))
        XCTAssertEqual(try kept.text("0").trimmingCharacters(in: .whitespaces), "3\n")
        // With an upload the master receives nothing.
        let result = try run(SliceRun(index: 1, command: "wc -l", output: kept.at("1"), fetches: fetches, upload: s3.upload("reports", "staging/1")), on: link)
        XCTAssertEqual(result, .exited(code: 0, stderrTail: ""))
        XCTAssertEqual(try kept.data("1"), Data())
        XCTAssertEqual(try s3.get("reports", "staging/1"), Data("3\n".utf8))
        // A missing object: the slice fails, named, with no URL in the tail.
        let missing = try run(SliceRun(index: 2, command: "wc -l", fetches: [s3.fetch("logs", "gone")]), on: link)
        XCTAssertEqual(missing, .exited(code: 1, stderrTail: "ess: cannot fetch s3://logs/gone: NoSuchKey (HTTP 404)\n"))
    }

    func testNoURLIsInAnyProcesssArgumentsWhileCurlFetches() throws {
        cluster = try WorkerCluster(count: 1)
        let link = try XCTUnwrap(links().first)
        defer { link.close() }
        let server = try BrokenHTTPServer(.hold)
        defer { server.stop() }
        let results = SliceResults()
        let handle = link.start(SliceRun(index: 4, command: "echo $$ > pgid; wc -l", fetches: [s3.fetch("logs", "held", base: server.base)]), finished: results.callback(4))
        let pgid = try XCTUnwrap(eventually(within: 20) { groupID(at: cluster.folder(0) + "/pgid") != nil } ? groupID(at: cluster.folder(0) + "/pgid") : nil)
        var seen: (all: String, curls: [String]) = ("", [])
        XCTAssertTrue(eventually(within: 20) { seen = (try? processes(group: pgid)) ?? ("", []); return !seen.curls.isEmpty }, "no curl in group \(pgid)")
        XCTAssertFalse(seen.all.contains(s3.signature), "a URL is in a process's arguments: \(seen.curls)")
        XCTAssertFalse(seen.all.contains("held?"), "a URL is in a process's arguments: \(seen.curls)")
        // Ending the slice ends curl with it.
        handle.end(force: false)
        guard case .exited(143, let tail)? = results.wait(for: 1)[4]?.first else { return XCTFail("not ended by TERM: \(results.wait(for: 1))") }
        XCTAssertFalse(tail.contains(s3.signature), tail)
        XCTAssertTrue(eventually(within: 20) { ((try? processes(group: pgid))?.curls ?? ["?"]).isEmpty }, "curl outlived its slice")
    }

    func testAnUploadWithInputFromTheMasterRunsOnAChannelWithItsURLOnItsInput() throws {
        cluster = try WorkerCluster(count: 1)
        let link = try XCTUnwrap(links().first)
        defer { link.close() }
        let scratch = TemporaryDirectory("ess-object-link")
        defer { scratch.remove() }
        let input = scratch.path + "/input"
        try Data("a\nb\nc\n".utf8).write(to: URL(fileURLWithPath: input))
        let result = try run(
            SliceRun(index: 5, command: "wc -l", stdin: ByteRange(path: input, offset: 2, length: 4), upload: s3.upload("reports", "staging/5")), on: link)
        XCTAssertEqual(result, .exited(code: 0, stderrTail: ""))
        XCTAssertEqual(try s3.get("reports", "staging/5"), Data("2\n".utf8))
        // While its PUT waits for an answer, no argument holds the URL either.
        let server = try BrokenHTTPServer(.hold)
        defer { server.stop() }
        let results = SliceResults()
        let handle = link.start(
            SliceRun(index: 6, command: "echo $$ > pgid6; cat", stdin: ByteRange(path: input, offset: 0, length: nil), upload: s3.upload("reports", "held", base: server.base)),
            finished: results.callback(6))
        let pgid = try XCTUnwrap(eventually(within: 20) { groupID(at: cluster.folder(0) + "/pgid6") != nil } ? groupID(at: cluster.folder(0) + "/pgid6") : nil)
        var seen: (all: String, curls: [String]) = ("", [])
        XCTAssertTrue(eventually(within: 20) { seen = (try? processes(group: pgid)) ?? ("", []); return !seen.curls.isEmpty }, "no curl in group \(pgid)")
        XCTAssertTrue(seen.curls.allSatisfy { $0.contains(" -T ") }, "\(seen.curls)")
        XCTAssertFalse(seen.all.contains(s3.signature), "a URL is in a process's arguments: \(seen.curls)")
        handle.end(force: false)
        guard case .exited(143, let tail)? = results.wait(for: 1)[6]?.first else { return XCTFail("not ended by TERM: \(results.wait(for: 1))") }
        XCTAssertFalse(tail.contains(s3.signature), tail)
        let left = try FileManager.default.contentsOfDirectory(atPath: cluster.folder(0)).filter { $0.hasPrefix(".ess-put") }
        XCTAssertEqual(left, [], "a TERM still removes the output file")
    }

    /// Takes curl off node `index`'s PATH: its sessions see a folder of links to every program
    /// of /usr/bin but curl.
    func removeCurl(from index: Int) throws {
        let node = cluster.nodes[index].directory.path + "/node"
        let bin = node + "/no-curl-bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        for program in try FileManager.default.contentsOfDirectory(atPath: "/usr/bin") where program != "curl" {
            try FileManager.default.createSymbolicLink(atPath: bin + "/" + program, withDestinationPath: "/usr/bin/" + program)
        }
        let entry = node + "/bin/enter"
        var lines = try String(contentsOfFile: entry, encoding: .utf8).components(separatedBy: "\n")
        lines.insert("PATH=\(bin); export PATH", at: 1)
        try lines.joined(separator: "\n").write(toFile: entry, atomically: false, encoding: .utf8)
    }

    func testAWorkerWithoutCurlIsRefusedNamed() throws {
        cluster = try WorkerCluster(count: 2)
        try removeCurl(from: 1)
        let source = source()
        let s3Links = try links(from: source)
        defer { s3Links.forEach { $0.close() } }
        XCTAssertEqual(s3Links.map(\.name), ["i-node0"])
        XCTAssertEqual(source.skipped, [WorkerSkip(node: "i-node1", reason: "has no curl; install curl there: workers fetch and put S3 objects themselves")])
        XCTAssertFalse(FileManager.default.fileExists(atPath: cluster.folder(1)), "nothing is made on a refused node")
        // An execution that does not use S3 takes it.
        let plain = try links(exID: 2, Self.plainSpec)
        defer { plain.forEach { $0.close() } }
        XCTAssertEqual(plain.map(\.name), ["i-node0", "i-node1"])
    }

    func testAWorkerWithoutCurlAloneFailsTheExecutionNamingIt() throws {
        cluster = try WorkerCluster(count: 1)
        try removeCurl(from: 0)
        XCTAssertThrowsError(try links()) { error in
            XCTAssertEqual(
                error as? WorkerSourceError,
                .noneConnected([WorkerSkip(node: "i-node0", reason: "has no curl; install curl there: workers fetch and put S3 objects themselves")]))
            XCTAssertEqual(
                "\(error)", "no worker could be connected: i-node0: has no curl; install curl there: workers fetch and put S3 objects themselves")
        }
    }

    func testAKeptConnectionIsCheckedForCurlByItsWarmRunner() throws {
        cluster = try WorkerCluster(count: 2)
        try removeCurl(from: 1)
        let connections = WorkerConnections()
        self.connections = connections
        let source = source(connections: connections)
        // A first execution, without S3, takes both nodes and warms a runner on each (its slice
        // ran there), then lets them go.
        let first = try links(exID: 1, Self.plainSpec, from: source)
        XCTAssertEqual(first.map(\.name), ["i-node0", "i-node1"])
        for (index, link) in first.enumerated() {
            let results = SliceResults()
            _ = link.start(SliceRun(index: Int64(index), command: "true"), finished: results.callback(Int64(index)))
            XCTAssertEqual(results.wait(for: 1)[Int64(index)], [.exited(code: 0, stderrTail: "")])
        }
        let released = DispatchGroup()
        for link in first {
            released.enter()
            link.release(removingFolder: true) { released.leave() }
        }
        XCTAssertEqual(released.wait(timeout: .now() + 30), .success)
        XCTAssertEqual(connections.idleCount, 2)
        // The next, with S3, leases the kept connections: a warm runner checks for curl instead
        // of a ping; node 1's is refused and stays kept.
        let second = try links(exID: 2, from: source)
        defer { second.forEach { $0.close() } }
        XCTAssertEqual(second.map(\.name), ["i-node0"])
        XCTAssertEqual(source.skipped, [WorkerSkip(node: "i-node1", reason: "has no curl; install curl there: workers fetch and put S3 objects themselves")])
        XCTAssertEqual(connections.idleCount, 1, "node 1's connection is kept for executions that do not need curl")
    }
}
