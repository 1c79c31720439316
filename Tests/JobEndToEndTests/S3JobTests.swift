import Foundation
import TestSupport
import XCTest

/// Jobs that read and write S3 folders, through the real `ess` binary: a master started with
/// moto_server's S3 as its endpoint, real sshd workers that fetch and put the objects themselves
/// with `curl` and presigned URLs (they hold no credentials), and the outcome read back from
/// moto through boto3.
final class S3JobTests: JobTestCase {
    override class var startsMaster: Bool { false }
    var moto: MotoServer!

    override func setUpWithError() throws {
        try XCTSkipUnless(MotoServer.isInstalled, "moto_server is not installed (Scripts/setup installs it)")
        try super.setUpWithError()
        moto = try MotoServer(folder: cluster.ess.root)
        cluster.ess.environment = moto.s3Environment
        try cluster.startMaster()
    }

    override func tearDown() {
        super.tearDown()
        moto?.stop()
    }

    func daily(_ extra: [String: Any] = [:]) throws -> String {
        var spec: [String: Any] = [
            "name": "daily-count", "command": "wc -l", "variables": ["DAY": "2026-12-01"],
            "inputs": ["s3": ["url": "s3://logs/{DAY}/", "match": "*.txt"]], "output": ["s3": "s3://reports/{DAY}/"],
        ]
        spec.merge(extra) { _, new in new }
        return try cluster.spec("daily", spec)
    }

    func days() {
        var objects: [String: String] = [:]
        for day in ["2026-12-01", "2026-12-02"] {
            for n in 1...5 { objects["\(day)/part-\(n).txt"] = String(repeating: "\(day) line\n", count: n * (day.hasSuffix("1") ? 10 : 100)) }
            objects["\(day)/notes.md"] = "not matched\n"
        }
        moto.makeBucket("logs", objects: objects)
        moto.makeBucket("reports")
    }

    func testADailyJobCountsEachObjectIntoItsDaysFolderWithAManifest() throws {
        days()
        let first = ess(["job", "run", try daily()])
        XCTAssertEqual(first.status, 0, first.stderr)
        let second = ess(["job", "run", try daily(), "--var", "DAY=2026-12-02"])
        XCTAssertEqual(second.status, 0, second.stderr)
        for (day, unit) in [("2026-12-01", 10), ("2026-12-02", 100)] {
            let texts = moto.texts("reports", prefix: day + "/")
            let parts = texts.keys.filter { $0.contains("/part-") }.sorted()
            XCTAssertEqual(parts, (0..<5).map { "\(day)/part-00000\($0)" }, "one object per slice, named by its number")
            XCTAssertEqual(parts.compactMap { Int(texts[$0]!.trimmingCharacters(in: .whitespacesAndNewlines)) }, (1...5).map { $0 * unit })
            XCTAssertFalse(texts.keys.contains { $0.contains("_temporary") }, "no staging object is left: \(texts.keys.sorted())")
            let manifest = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(XCTUnwrap(texts["\(day)/_manifest.json"]).utf8)) as? [String: Any])
            let slices = try XCTUnwrap(manifest["slices"] as? [[String: Any]])
            XCTAssertEqual(slices.map { $0["key"] as? String }, parts)
            XCTAssertEqual(slices.compactMap { ($0["inputs"] as? [[String: Any]])?.first?["url"] as? String }, (1...5).map { "s3://logs/\(day)/part-\($0).txt" })
            XCTAssertEqual(slices.compactMap { ($0["size"] as? NSNumber)?.intValue }, parts.map { texts[$0]!.utf8.count })
            XCTAssertTrue(slices.allSatisfy { ($0["etag"] as? String)?.count == 32 }, "each entry has the part's ETag")
        }
        assertNoSecrets()
    }

    func testABadS3SpecIsRefusedBeforeAnythingIsStoredWithOneSentenceNamingTheField() throws {
        days()
        moto.makeBucket("empty")
        let cases: [(Any, Any, String, String)] = [
            (["url": "http://logs/x/"], "stdout", "inputs.s3.url", "is not an S3 URL"),
            (["url": "s3://no-such-bucket/x/"], "stdout", "inputs.s3.url", "the bucket `no-such-bucket` does not exist"),
            (["url": "s3://logs/2026-12-01/", "match": "*.csv"], "stdout", "inputs.s3.url", "has no object matching `*.csv`"),
            (["url": "s3://empty/"], "stdout", "inputs.s3.url", "has no object"),
            (["url": "s3://logs/{MONTH}/"], "stdout", "inputs.s3.url", "the placeholder {MONTH} has no value"),
            (["url": "s3://logs/2026-12-01/"], ["s3": "s3://missing-reports/x/"], "output.s3", "the bucket `missing-reports` does not exist"),
        ]
        for (input, output, field, words) in cases {
            let spec = try cluster.spec("bad", ["name": "bad", "command": "wc -l", "inputs": ["s3": input], "output": output])
            let run = ess(["job", "run", spec])
            XCTAssertNotEqual(run.status, 0, "\(input) \(output)")
            XCTAssertTrue(run.stderr.contains(field) && run.stderr.contains(words), "\(input) \(output): \(run.stderr)")
            XCTAssertEqual(run.stderr.split(separator: "\n").count, 1, "one sentence: \(run.stderr)")
        }
        XCTAssertEqual((try cluster.json("/v1/jobs") as? [Any])?.count, 0, "nothing was stored")
        XCTAssertEqual(moto.keys("reports"), [], "the output probe left nothing")
    }

    func testAMasterWithoutCredentialsRefusesAnS3Job() throws {
        days()
        cluster.signalMaster(SIGTERM)
        cluster.ess.environment = [:]
        try cluster.startMaster()
        let run = ess(["job", "run", try daily()])
        XCTAssertNotEqual(run.status, 0)
        XCTAssertTrue(run.stderr.contains("inputs.s3.url") && run.stderr.contains("no AWS credentials"), run.stderr)
    }

    func testAnObjectDeletedAfterListingFailsItsSliceNamingNoSuchKeyAfterItsRetries() throws {
        days()
        let gate = cluster.ess.root + "/gate"
        let spec = try daily([
            "command": "while [ ! -e \(gate) ]; do sleep 0.05; done; wc -l", "workers": 1, "slots": 1, "retries": 1,
        ])
        let (_, ex) = try cluster.submit(spec)
        _ = cluster.wait(ex: ex, timeout: 60) { _ in ((try? self.cluster.slices(ex)) ?? []).count == 5 }
        moto.s3(#"s3.delete_object(Bucket="logs", Key="2026-12-01/part-5.txt")"#)
        FileManager.default.createFile(atPath: gate, contents: nil)
        XCTAssertEqual(cluster.wait(ex: ex, for: ["completed", "failed"], timeout: 90), "failed")
        let errors = ess(["job", "errors", ex])
        XCTAssertEqual(errors.status, 0, errors.stderr)
        XCTAssertTrue(errors.stdout.contains("NoSuchKey") && errors.stdout.contains("s3://logs/2026-12-01/part-5.txt"), errors.stdout)
        let failed = try cluster.slices(ex, state: "error")
        XCTAssertEqual(failed.count, 1)
        XCTAssertEqual((failed.first?["attempts"] as? NSNumber)?.intValue, 2, "retried once, then failed")
        let left = moto.keys("reports", prefix: "2026-12-01/")
        XCTAssertEqual(left, (0..<4).map { "2026-12-01/part-00000\($0)" }, "the four that completed, no staging object, no manifest")
        assertNoSecrets()
    }

    func testSplitBytesCutsABigObjectIntoLineAlignedRangesWhoseLinesAreExactlyTheObjects() throws {
        var text = ""
        for n in 0..<400 { text += String(repeating: "x", count: (n * 37) % 300) + (n % 7 == 0 ? "\r\n" : "\n") }
        text += String(repeating: "long", count: 2000) + "\n" + "last line without newline"
        moto.makeBucket("big", objects: ["one.txt": text, "empty.txt": ""])
        moto.makeBucket("reports")
        let spec = try cluster.spec("split", [
            "name": "split", "command": "cat", "inputs": ["s3": ["url": "s3://big/", "split_bytes": 4096]], "output": ["s3": "s3://reports/split/"],
        ])
        let run = ess(["job", "run", spec])
        XCTAssertEqual(run.status, 0, run.stderr)
        let texts = moto.texts("reports", prefix: "split/part-")
        let expected = Int((text.utf8.count + 4095) / 4096) + 1
        XCTAssertEqual(texts.count, expected, "one slice per range of one.txt, one for the empty object")
        XCTAssertEqual(texts.keys.sorted().map { texts[$0]! }.joined(), text, "the ranges' lines, in order, are the objects' lines, none twice")
    }

    func testTwoDaysRunSideBySideThroughTheXplentySDKEachChoosingItsFolder() throws {
        days()
        let gate = cluster.ess.root + "/gate"
        let spec: [String: Any] = [
            "name": "daily-count", "command": "while [ ! -e \(gate) ]; do sleep 0.05; done; wc -l", "variables": ["DAY": "2026-12-01"],
            "inputs": ["s3": ["url": "s3://logs/{DAY}/", "match": "*.txt"]], "output": ["s3": "s3://reports/{DAY}/"],
        ]
        let body = String(decoding: try JSONSerialization.data(withJSONObject: spec), as: UTF8.self)
        let answer = try JSONSerialization.jsonObject(with: try cluster.curl("POST", "/v1/jobs?start=false", body: body)) as? [String: Any]
        let package = try XCTUnwrap(answer?["job_id"] as? String)
        try SDKScenario.run("xplenty_s3", cluster: cluster, environment: ["PACKAGE": package, "GATE": gate])
        for (day, unit) in [("2026-12-01", 10), ("2026-12-02", 100)] {
            let texts = moto.texts("reports", prefix: day + "/part-")
            XCTAssertEqual(texts.keys.sorted().compactMap { Int(texts[$0]!.trimmingCharacters(in: .whitespaces.union(.newlines))) }, (1...5).map { $0 * unit })
            XCTAssertEqual(moto.keys("reports", prefix: day + "/_manifest.json").count, 1)
        }
        XCTAssertFalse(moto.keys("reports").contains { $0.contains("_temporary") })
    }

    /// 1,100 objects: the master lists 1,000 a page, so it is killed with its cursor inside the listing.
    func testAMasterKilledMidListingGoesOnFromItsCursorAndEveryOutputExistsOnce() throws {
        var objects: [String: String] = [:]
        for n in 0..<1100 { objects[String(format: "many/%05d.txt", n)] = "\(n)\n" }
        moto.makeBucket("logs", objects: objects)
        moto.makeBucket("reports")
        let spec = try cluster.spec("many", [
            "name": "many", "command": "cat", "inputs": ["s3": ["url": "s3://logs/many/"]], "output": ["s3": "s3://reports/many/"],
        ])
        let (_, ex) = try cluster.submit(spec)
        _ = cluster.wait(ex: ex, timeout: 120) { _ in ((try? self.cluster.slices(ex, state: "completed")) ?? []).count >= 100 }
        cluster.signalMaster(SIGKILL)
        try cluster.startMaster()
        XCTAssertEqual(cluster.wait(ex: ex, for: ["completed", "failed", "terminated"], timeout: 300), "completed", cluster.whyNotCompleted(ex))
        let keys = moto.keys("reports", prefix: "many/")
        XCTAssertEqual(keys.filter { $0.contains("/part-") }.count, 1100, "every slice's output exactly once")
        XCTAssertFalse(keys.contains { $0.contains("_temporary") }, "no staging object left")
        let texts = moto.texts("reports", prefix: "many/part-00")
        XCTAssertEqual(Set(texts.values).count, texts.count, "no two parts hold the same object's line")
        assertNoSecrets()
    }

    func ess(_ arguments: [String], timeout: TimeInterval = 180) -> EssHarness.Run {
        cluster.ess.run(arguments, timeout: timeout)
    }

    /// No signature, secret key or presigned query in the master's log, the API's documents or the CLI's output.
    func assertNoSecrets(file: StaticString = #filePath, line: UInt = #line) {
        var seen = (try? String(contentsOfFile: cluster.conf + "/master.log", encoding: .utf8)) ?? ""
        for path in ["/v1/jobs", "/v1/ex"] { seen += String(decoding: (try? cluster.curl("GET", path)) ?? Data(), as: UTF8.self) }
        for ex in 1...3 {
            for path in ["/v1/ex/\(ex)/errors", "/v1/ex/\(ex)/history", "/v1/ex/\(ex)/slices"] {
                seen += String(decoding: (try? cluster.curl("GET", path)) ?? Data(), as: UTF8.self)
            }
        }
        for secret in ["X-Amz-Signature", "X-Amz-Credential", moto.accessKey.secret] {
            XCTAssertFalse(seen.contains(secret), "`\(secret)` reached the log or the API", file: file, line: line)
        }
    }
}
