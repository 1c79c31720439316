import Foundation
import Jobs
import TestSupport
import XCTest

@testable import JobWorkers

/// A slice's command wrapped to fetch and put S3 objects (`WorkerScripts.objectSlice`), run in a
/// slot runner by a local `/bin/sh` with the real curl against a real moto_server: what the
/// command reads, what is put, how each failure is worded, and that no URL is in the words.
final class ObjectSliceScriptTests: XCTestCase {
    var s3: MotoS3!
    var home: String!
    let scripts = WorkerScripts(exID: 9)

    override func setUpWithError() throws {
        try XCTSkipUnless(MotoServer.isInstalled, "moto_server (PyPI moto[server]) is not installed")
        s3 = try MotoS3()
        try s3.makeBucket("logs")
        try s3.makeBucket("reports")
        home = NSTemporaryDirectory() + "object-slice-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    }

    override func tearDown() {
        s3?.stop()
        if let home { try? FileManager.default.removeItem(atPath: home) }
    }

    /// What a slice printed, wrote on standard error (only kept when it failed) and exited with.
    struct Ran: Equatable {
        var output: String
        var stderr: String
        var code: Int32
    }

    /// Runs `command` as one slice with `fetches` and `upload` through a runner; checks that the
    /// folder keeps no file of the wrapper and that the signature is in none of its words.
    func slice(_ command: String, fetches: [ObjectFetch] = [], upload: ObjectUpload? = nil, file: StaticString = #filePath, line: UInt = #line) throws -> Ran {
        let run = SliceRun(index: 3, command: command, fetches: fetches, upload: upload)
        let objects = try XCTUnwrap(WorkerScripts.objectSlice(run))
        XCTAssertFalse(objects.text.contains(s3.signature), "the text holds no URL", file: file, line: line)
        let request = WorkerScripts.request(objects.inline, tag: "3-1", folder: scripts.folder, output: upload == nil ? .stdout : .none)
        let (_, events) = try LocalRunner(home: home, current: scripts.current).run([request])
        var ran = Ran(output: "", stderr: "", code: -1)
        for event in events {
            switch event {
            case .output(let bytes): ran.output += String(decoding: bytes, as: UTF8.self)
            case .stderr(let bytes): ran.stderr += String(decoding: bytes, as: UTF8.self)
            case .exited(let code): ran.code = code
            default: break
            }
        }
        XCTAssertFalse(ran.stderr.contains(s3.signature), "no URL in the error words: \(ran.stderr)", file: file, line: line)
        let left = try FileManager.default.contentsOfDirectory(atPath: home + "/" + scripts.folder).filter { $0 != "out" }
        XCTAssertEqual(left, [], "the wrapper left files in the execution's folder", file: file, line: line)
        return ran
    }

    func testOneObjectIsTheCommandsInput() throws {
        try s3.put("logs", "2026-12-01/a.log", Data("one\ntwo\nthree\n".utf8))
        XCTAssertEqual(try slice("cat", fetches: [s3.fetch("logs", "2026-12-01/a.log")]), Ran(output: "one\ntwo\nthree\n", stderr: "", code: 0))
    }

    func testSeveralObjectsAreConcatenatedInOrder() throws {
        try s3.put("logs", "c", Data("c1\n".utf8))
        try s3.put("logs", "a", Data("a1\na2\n".utf8))
        try s3.put("logs", "b", Data("b1".utf8))
        let fetches = ["b", "c", "a"].map { s3.fetch("logs", $0) }
        XCTAssertEqual(try slice("cat", fetches: fetches), Ran(output: "b1c1\na1\na2\n", stderr: "", code: 0))
    }

    func testAByteRangeIsFetchedExactlyAndAnEmptyOneIsNothing() throws {
        try s3.put("logs", "big", Data((0..<1000).map { "\($0)\n" }.joined().utf8))
        // Bytes 10-24: lines "5" to "9" and the start of "10" at offset 10 (0..9 take 20 bytes).
        let text = (0..<1000).map { "\($0)\n" }.joined()
        let expected = String(text.utf8.dropFirst(10).prefix(15))!
        XCTAssertEqual(try slice("cat", fetches: [s3.fetch("logs", "big", offset: 10, length: 15)]), Ran(output: expected, stderr: "", code: 0))
        XCTAssertEqual(try slice("wc -c", fetches: [s3.fetch("logs", "big", offset: 10, length: 0)]), Ran(output: "0\n", stderr: "", code: 0))
        // From an offset to the end; an empty range between two others is skipped.
        let tail = try slice("cat", fetches: [s3.fetch("logs", "big", offset: 3880), s3.fetch("logs", "big", offset: 5, length: 0), s3.fetch("logs", "big", length: 2)])
        XCTAssertEqual(tail, Ran(output: String(text.utf8.dropFirst(3880))! + "0\n", stderr: "", code: 0))
    }

    func testAMissingObjectFailsTheSliceWithNoSuchKeyEvenWhenTheCommandSucceeds() throws {
        try s3.put("logs", "a", Data("a\n".utf8))
        let ran = try slice("wc -l", fetches: [s3.fetch("logs", "a"), s3.fetch("logs", "gone.log")])
        XCTAssertEqual(ran.code, 1)
        XCTAssertEqual(ran.stderr, "ess: cannot fetch s3://logs/gone.log: NoSuchKey (HTTP 404)\n")
        // A range of a missing object names its bytes.
        let ranged = try slice("wc -l", fetches: [s3.fetch("logs", "gone.log", offset: 4, length: 6)])
        XCTAssertEqual(ranged.stderr, "ess: cannot fetch bytes 4-9 of s3://logs/gone.log: NoSuchKey (HTTP 404)\n")
        // A command that failed keeps its own code.
        XCTAssertEqual(try slice("cat >/dev/null; exit 5", fetches: [s3.fetch("logs", "gone.log")]).code, 5)
    }

    func testAConnectionCutMidBodyFailsTheSlice() throws {
        let server = try BrokenHTTPServer(.cut)
        defer { server.stop() }
        let ran = try slice("wc -l", fetches: [s3.fetch("logs", "cut.log", base: server.base)])
        XCTAssertEqual(ran.code, 1)
        XCTAssertEqual(ran.stderr, "ess: cannot fetch s3://logs/cut.log: the connection closed before the whole body came (curl exit 18)\n")
    }

    func testAThrottledFetchIsTriedAgainAndFeedsTheCommandOnce() throws {
        let server = try BrokenHTTPServer(.slowDown)
        defer { server.stop() }
        let ran = try slice("cat", fetches: [s3.fetch("logs", "busy.log", base: server.base)])
        XCTAssertEqual(ran.code, 0, ran.stderr)
        XCTAssertEqual(ran.output, "a\nb\n", "the 503's body never reaches the command; the second answer does, once")
    }

    func testACommandThatStopsReadingEarlyIsNoFailure() throws {
        try s3.put("logs", "big", Data(String(repeating: "a line of the log\n", count: 400_000).utf8))
        try s3.put("logs", "next", Data("next\n".utf8))
        XCTAssertEqual(
            try slice("head -1", fetches: [s3.fetch("logs", "big"), s3.fetch("logs", "next"), s3.fetch("logs", "gone")]),
            Ran(output: "a line of the log\n", stderr: "", code: 0))
    }

    func testTheOutputIsPutAndReadBack() throws {
        try s3.put("logs", "a", Data("x\ny\n".utf8))
        let ran = try slice("wc -l; echo done", fetches: [s3.fetch("logs", "a")], upload: s3.upload("reports", "staging/part-000003.1"))
        XCTAssertEqual(ran, Ran(output: "", stderr: "", code: 0))
        XCTAssertEqual(try s3.get("reports", "staging/part-000003.1"), Data("2\ndone\n".utf8))
        // Without fetches; an empty output is put too.
        XCTAssertEqual(try slice("true", upload: s3.upload("reports", "staging/empty")).code, 0)
        XCTAssertEqual(try s3.get("reports", "staging/empty"), Data())
    }

    func testAnOutputOverMaxBytesFailsAndNothingIsPut() throws {
        let ran = try slice("seq 1 100", upload: s3.upload("reports", "staging/big", maxBytes: 100))
        XCTAssertEqual(ran.code, 1)
        XCTAssertEqual(
            ran.stderr,
            "ess: the slice's output is 292 bytes, more than the 100 bytes one upload may hold (S3's single PUT limit is 5 GiB), so nothing was put to s3://reports/staging/big\n")
        XCTAssertNil(try s3.get("reports", "staging/big"))
        // A command that failed puts nothing either.
        XCTAssertEqual(try slice("echo partial; exit 3", upload: s3.upload("reports", "staging/failed")).code, 3)
        XCTAssertNil(try s3.get("reports", "staging/failed"))
    }

    func testAPutToABucketThatDoesNotExistFailsWithNoSuchBucket() throws {
        let ran = try slice("echo out", upload: s3.upload("no-such-bucket", "staging/x"))
        XCTAssertEqual(ran.code, 1)
        XCTAssertEqual(ran.stderr, "ess: cannot put the slice's output to s3://no-such-bucket/staging/x: NoSuchBucket (HTTP 404)\n")
    }

    func testTheCommandSeesNeitherTheURLsNorTheRunnersRequest() throws {
        try s3.put("logs", "a", Data("a\n".utf8))
        let ran = try slice("cat >/dev/null; set; echo \"[$*]\"", fetches: [s3.fetch("logs", "a")], upload: s3.upload("reports", "seen"))
        XCTAssertEqual(ran.code, 0)
        let seen = String(decoding: try XCTUnwrap(s3.get("reports", "seen")), as: UTF8.self)
        XCTAssertFalse(seen.contains(s3.signature), seen)
        XCTAssertTrue(seen.hasSuffix("[]\n"), seen)
    }

    func testAURLIsOneCurlConfigLineWithItsQuotesEscaped() {
        XCTAssertEqual(WorkerScripts.curlConfig(url: #"http://h/b/k?a="x"\y"#), #"url = "http://h/b/k?a=\"x\"\\y""#)
    }
}
