import Foundation
import JobModel
import JobWorkers
import Jobs
import TestSupport
import XCTest

/// One worker over a real sshd: what a slice sends, receives and leaves behind.
final class SSHWorkerLinkTests: XCTestCase {
    var cluster: WorkerCluster!
    var link: SSHWorkerLink!
    var scratch: TemporaryDirectory!
    let kept = KeptOutputs()

    override func setUpWithError() throws {
        cluster = try WorkerCluster(count: 1)
        link = try XCTUnwrap(cluster.links().first)
        scratch = TemporaryDirectory("ess-link")
    }

    override func tearDown() {
        link?.close()
        cluster?.stop()
        scratch?.remove()
        link = nil
        cluster = nil
    }

    /// Runs one slice and waits for its one result.
    func run(_ run: SliceRun, seconds: Double = 60) throws -> SliceResult {
        let results = SliceResults()
        _ = link.start(run, finished: results.callback(run.index))
        let all = results.wait(for: 1, seconds: seconds)
        let mine = try XCTUnwrap(all[run.index], "the slice did not finish in \(seconds) s")
        XCTAssertEqual(mine.count, 1, "finished exactly once")
        return mine[0]
    }

    func testStandardOutputIsWrittenExactly() throws {
        let path = scratch.path + "/0.out"
        let result = try run(SliceRun(index: 0, command: "printf 'a b\\n\\001\\377'; seq 1 40000", output: kept.at(path)))
        XCTAssertEqual(result, .exited(code: 0, stderrTail: ""))
        var expected = Data("a b\n".utf8) + Data([1, 255])
        expected += Data((1...40000).map { "\($0)\n" }.joined().utf8)
        XCTAssertEqual(try kept.data(path), expected)
    }

    func testStandardInputStreamsAByteRangeOfABigFile() throws {
        let path = scratch.path + "/input"
        let size = 6 * 1024 * 1024
        try Data((0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 11) }).write(to: URL(fileURLWithPath: path))
        let (offset, length) = (1_000_003, 4_200_001)
        let expected = try TestTool.run("/bin/sh", ["-c", "tail -c +\(offset + 1) '\(path)' | head -c \(length) | sha256sum"])
        let out = scratch.path + "/sum"
        let result = try run(SliceRun(index: 1, command: "sha256sum", stdin: ByteRange(path: path, offset: Int64(offset), length: Int64(length)), output: kept.at(out)))
        XCTAssertEqual(result, .exited(code: 0, stderrTail: ""))
        XCTAssertEqual(try kept.text(out), expected)
        // No length: to the end of the file.
        let rest = try TestTool.run("/bin/sh", ["-c", "tail -c +\(offset + 1) '\(path)' | sha256sum"])
        XCTAssertEqual(try run(SliceRun(index: 2, command: "sha256sum", stdin: ByteRange(path: path, offset: Int64(offset), length: nil), output: kept.at(out))), .exited(code: 0, stderrTail: ""))
        XCTAssertEqual(try kept.text(out), rest)
    }

    func testExitCodesSignalsAndTheStderrTail() throws {
        XCTAssertEqual(try run(SliceRun(index: 0, command: "echo oops >&2; exit 3")), .exited(code: 3, stderrTail: "oops\n"))
        // A command that a signal ended: 128 + its number. (In a slice, `$$` is its process
        // group, the slot runner's: the shells here kill themselves.)
        // The shell says so on standard error ("Killed").
        XCTAssertEqual(try run(SliceRun(index: 1, command: "sh -c 'kill -s KILL $$'")), .exited(code: 137, stderrTail: "Killed\n"))
        XCTAssertEqual(try run(SliceRun(index: 2, command: "true; sh -c 'kill -s TERM $$; echo not reached'")), .exited(code: 143, stderrTail: "Terminated\n"))
        guard case .exited(1, let tail) = try run(SliceRun(index: 3, command: "seq 1 20000 >&2; exit 1")) else { return XCTFail("exit 1 expected") }
        XCTAssertLessThanOrEqual(tail.utf8.count, 4096)
        XCTAssertGreaterThan(tail.utf8.count, 4000)
        XCTAssertTrue(tail.hasSuffix("19999\n20000\n"))
    }

    func testTheFolderAndTheSyncedSoftwareOnThePath() throws {
        let bin = cluster.nodes[0].home.path + "/ess/versions/1.0/bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try Data("#!/bin/sh\necho synced 1.0\n".utf8).write(to: URL(fileURLWithPath: bin + "/hello"))
        chmod(bin + "/hello", 0o755)
        try FileManager.default.createSymbolicLink(atPath: cluster.nodes[0].home.path + "/ess/current", withDestinationPath: "versions/1.0")
        let out = scratch.path + "/where"
        XCTAssertEqual(try run(SliceRun(index: 0, command: "pwd; hello; ls -d out", output: kept.at(out))), .exited(code: 0, stderrTail: ""))
        let lines = try kept.text(out).split(separator: "\n")
        XCTAssertEqual(lines, [Substring(cluster.folder(0)), "synced 1.0", "out"])
    }

    func testATimeoutEndsTheWholeRemoteGroup() throws {
        let result = try run(SliceRun(index: 7, command: "echo $$ > pgid; sleep 300 & sleep 301", timeout: 0.5))
        XCTAssertEqual(result, .timedOut(seconds: 0.5, stderrTail: ""))
        // `$$` is the group's leader: the slot runner, which outlives the slice (or, on a
        // channel of its own, the slice's shell). Nothing of the slice is left in it.
        let pgid = try XCTUnwrap(groupID(at: cluster.folder(0) + "/pgid"))
        XCTAssertTrue(eventually(within: 20) { groupMembers(pgid).allSatisfy { $0 == pgid } }, "group \(pgid) still has \(groupMembers(pgid))")
    }

    func testEndTermsOrKillsTheGroup() throws {
        let results = SliceResults()
        let polite = link.start(SliceRun(index: 0, command: "echo $$ > a; sleep 300 & sleep 301"), finished: results.callback(0))
        let stubborn = link.start(SliceRun(index: 1, command: "trap '' TERM; echo $$ > b; sleep 300 & sleep 301"), finished: results.callback(1))
        let folder = cluster.folder(0)
        XCTAssertTrue(eventually(within: 20) { groupID(at: folder + "/a") != nil && groupID(at: folder + "/b") != nil })
        polite.end(force: false)
        stubborn.end(force: true)
        let all = results.wait(for: 2)
        XCTAssertEqual(all[0], [.exited(code: 143, stderrTail: "")])
        XCTAssertEqual(all[1], [.exited(code: 137, stderrTail: "")])
        // TERM leaves the group's leader (a slot runner outlives its slice); KILL ends it too.
        let termed = try XCTUnwrap(groupID(at: folder + "/a"))
        XCTAssertTrue(eventually(within: 20) { groupMembers(termed).allSatisfy { $0 == termed } }, "group \(termed) still has \(groupMembers(termed))")
        let killed = try XCTUnwrap(groupID(at: folder + "/b"))
        XCTAssertTrue(eventually(within: 20) { groupMembers(killed).isEmpty }, "group \(killed) still has \(groupMembers(killed))")
    }

    func testAnEndBeforeTheCommandStartedStillEndsIt() throws {
        let results = SliceResults()
        let handle = link.start(SliceRun(index: 0, command: "sleep 300"), finished: results.callback(0))
        handle.end(force: true)
        XCTAssertEqual(results.wait(for: 1)[0], [.exited(code: 137, stderrTail: "")])
    }

    func testTheRemoteListHoldsRegularFilesSortedAsAbsolutePathsASliceCanRead() throws {
        let data = cluster.nodes[0].home.path + "/data"
        try FileManager.default.createDirectory(atPath: data + "/sub.txt", withIntermediateDirectories: true)
        for name in ["b.txt", "a.txt", "c.log", "with space.txt"] {
            try Data("x".utf8).write(to: URL(fileURLWithPath: data + "/" + name))
        }
        let listed = try link.list("data/*.txt")
        XCTAssertEqual(listed, [data + "/a.txt", data + "/b.txt", data + "/with space.txt"])
        XCTAssertEqual(try link.list(data + "/c.*"), [data + "/c.log"])
        XCTAssertEqual(try link.list("nothing/*"), [])
        // A slice runs in the execution's folder, not the home: the listed path still names the file.
        let out = scratch.path + "/listed.out"
        XCTAssertEqual(try run(SliceRun(index: 9, command: "cat -- '\(listed[2])'", output: kept.at(out))), .exited(code: 0, stderrTail: ""))
        XCTAssertEqual(try kept.text(out), "x")
    }

    func testAFileOutputIsFetchedAfterSuccess() throws {
        let out = scratch.path + "/fetched"
        let result = try run(SliceRun(index: 5, command: "echo not this; seq 1 3 > out/5", output: kept.at(out), remoteOutput: "out/5"))
        XCTAssertEqual(result, .exited(code: 0, stderrTail: ""))
        XCTAssertEqual(try kept.text(out), "1\n2\n3\n")
        guard case .exited(let code, _) = try run(SliceRun(index: 6, command: "true", output: kept.at(out), remoteOutput: "out/6")) else { return XCTFail() }
        XCTAssertNotEqual(code, 0, "a missing output file fails the slice")
    }

    func testManySlicesAtOnceOnOneConnection() throws {
        let results = SliceResults()
        let count = 200
        for index in 0..<count {
            _ = link.start(SliceRun(index: Int64(index), command: "echo \(index); sleep 0.2", output: kept.at("\(index).out")), finished: results.callback(Int64(index)))
        }
        let all = results.wait(for: count, seconds: 120)
        XCTAssertEqual(all.count, count)
        for index in 0..<count {
            XCTAssertEqual(all[Int64(index)], [.exited(code: 0, stderrTail: "")])
            XCTAssertEqual(try kept.text("\(index).out"), "\(index)\n")
        }
    }
}
