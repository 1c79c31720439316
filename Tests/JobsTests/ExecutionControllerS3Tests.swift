import Foundation
import JobModel
import JobsTestSupport
import JobStore
import Jobs
import MasterModel
import XCTest

/// The controller's S3 part over a real SQLite store, an object store in memory and workers in
/// memory that fetch and put as real ones do: commits, staging objects, the manifest.
final class ExecutionControllerS3Tests: XCTestCase {
    var folder: String!
    var store: ExecutionStore!
    let objects = MemoryObjectStore()

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "controller-s3-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        store = ExecutionStore(try MasterDatabase(path: folder + "/ess.db"))
        for (name, text) in [("a.txt", "1\n2\n"), ("b.txt", "3\n"), ("c.txt", "4\n5\n6\n"), ("skip.bin", "x")] {
            objects.set(text, at: "s3://logs/2026-12-01/\(name)")
        }
    }

    override func tearDownWithError() throws {
        store = nil
        try? FileManager.default.removeItem(atPath: folder)
    }

    func run(_ json: String, workers: FakeWorkers) throws -> Int64 {
        let spec = try JobSpecParser.parse(Data(json.utf8))
        let exID = try XCTUnwrap(store.submit(spec, start: true, at: Date()).execution?.id)
        let objects = self.objects
        try ExecutionController(
            exID: exID, store: store, source: workers, outputRoot: folder + "/jobs", batchSize: 2,
            objectStores: ObjectStoreSource { objects }
        ).run()
        return exID
    }

    /// Workers that count the lines they fetch and put the count, as `wc -l` with an S3 output would.
    func counting(failFirstAttemptOf failing: Int64? = nil) -> FakeWorkers {
        let objects = self.objects
        let tries = Tries()
        return FakeWorkers { run, _ in
            guard let text = try? objects.worker(fetch: run) else { return .exited(code: 75, stderrTail: "NoSuchKey") }
            objects.worker(put: "\(text.split(separator: "\n").count)\n", run)
            if run.index == failing, tries.first(run.index) { return .exited(code: 1, stderrTail: "flaky") }
            return .exited(code: 0, stderrTail: "")
        }
    }

    let spec = #"{"name":"daily","command":"wc -l","variables":{"DAY":"2026-12-01"},"inputs":{"s3":{"url":"s3://logs/{DAY}/","match":"*.txt"}},"output":{"s3":"s3://reports/{DAY}/"}}"#

    func testEachCompletedSliceIsOnePartAndTheManifestListsThem() throws {
        let exID = try run(spec, workers: counting())
        XCTAssertEqual(try store.execution(exID).status, .completed)
        XCTAssertEqual(objects.keys(in: "reports"), ["2026-12-01/_manifest.json", "2026-12-01/part-000000", "2026-12-01/part-000001", "2026-12-01/part-000002"])
        XCTAssertEqual(objects.text(at: "s3://reports/2026-12-01/part-000002"), "3\n")
        let manifest = try JSONDecoder().decode(OutputManifest.self, from: Data(try XCTUnwrap(objects.text(at: "s3://reports/2026-12-01/_manifest.json")).utf8))
        XCTAssertEqual(manifest.slices.map(\.key), ["2026-12-01/part-000000", "2026-12-01/part-000001", "2026-12-01/part-000002"])
        XCTAssertEqual(manifest.slices.map { $0.inputs.map(\.url) }, [["s3://logs/2026-12-01/a.txt"], ["s3://logs/2026-12-01/b.txt"], ["s3://logs/2026-12-01/c.txt"]])
        XCTAssertEqual(manifest.slices.map(\.size), [2, 2, 2])
        XCTAssertEqual(manifest.ex_id, String(exID))
        XCTAssertEqual(manifest.output, "s3://reports/2026-12-01/")
    }

    func testARetriedSliceLeavesOnePartAndNoStagingObject() throws {
        let exID = try run(spec, workers: counting(failFirstAttemptOf: 1))
        XCTAssertEqual(try store.execution(exID).status, .completed)
        XCTAssertEqual(try store.execution(exID).counts.retried, 1)
        XCTAssertEqual(objects.keys(in: "reports").filter { $0.contains("part-000001") }, ["2026-12-01/part-000001"])
        XCTAssertFalse(objects.keys(in: "reports").contains { $0.contains("_temporary") }, "\(objects.keys(in: "reports"))")
    }

    func testACommitThatFailsIsAFailedAttemptAndTheSliceRunsAgain() throws {
        objects.failingCopies = 1
        let exID = try run(spec, workers: counting())
        XCTAssertEqual(try store.execution(exID).status, .completed)
        XCTAssertEqual(try store.execution(exID).counts.retried, 1)
        XCTAssertEqual(objects.copies, 4)
        XCTAssertEqual(objects.keys(in: "reports").filter { $0.contains("part-") }.count, 3)
        XCTAssertFalse(objects.keys(in: "reports").contains { $0.contains("_temporary") })
    }

    func testAFailedExecutionLeavesNoStagingObjectAndNoManifest() throws {
        let objects = self.objects
        let workers = FakeWorkers { run, _ in
            objects.worker(put: "half\n", run)
            return .exited(code: 1, stderrTail: "broken")
        }
        let exID = try run(spec.replacingOccurrences(of: #""name":"daily""#, with: #""name":"daily","retries":0"#), workers: workers)
        XCTAssertEqual(try store.execution(exID).status, .failed)
        XCTAssertEqual(objects.keys(in: "reports"), [], "no part, no staging object, no manifest")
    }

    func testTheWorkersGetSignedURLsAndTheHistoryDoesNot() throws {
        let urls = Tries()
        let objects = self.objects
        let workers = FakeWorkers { run, _ in
            urls.note(run.fetches.map(\.url) + [run.upload?.url ?? ""])
            guard (try? objects.worker(fetch: run)) != nil else { return .exited(code: 75, stderrTail: "") }
            objects.worker(put: "x\n", run)
            return .exited(code: 0, stderrTail: "")
        }
        let exID = try run(spec, workers: workers)
        XCTAssertEqual(urls.seen.count, 3)
        XCTAssertTrue(urls.seen.allSatisfy { $0.allSatisfy { $0.contains("sig=secret") } })
        XCTAssertTrue(urls.seen.allSatisfy { $0.last!.contains("reports/2026-12-01/_temporary/\(exID)/part-") })
        let history = try store.history(of: exID).map(\.description).joined(separator: "\n")
        let slices = try store.slices(of: exID, in: [.completed]).map(\.input).joined(separator: "\n")
        XCTAssertFalse((history + slices).contains("sig="), "no signature in the history or the stored slices")
    }

    func testAnObjectGoneBeforeItsFetchFailsItsSliceAndTheExecution() throws {
        let objects = self.objects
        let workers = FakeWorkers { run, _ in
            if run.index == 0 { try? objects.delete(S3Location(bucket: "logs", key: "2026-12-01/a.txt")) }
            guard let text = try? objects.worker(fetch: run) else { return .exited(code: 75, stderrTail: "s3://logs/2026-12-01/a.txt: NoSuchKey (HTTP 404)") }
            objects.worker(put: text, run)
            return .exited(code: 0, stderrTail: "")
        }
        let exID = try run(spec.replacingOccurrences(of: #""name":"daily""#, with: #""name":"daily","retries":1"#), workers: workers)
        XCTAssertEqual(try store.execution(exID).status, .failed)
        let failed = try store.slices(of: exID, in: [.error])
        XCTAssertEqual(failed.map(\.index), [0])
        XCTAssertEqual(failed.first?.stderrTail, "s3://logs/2026-12-01/a.txt: NoSuchKey (HTTP 404)")
        XCTAssertEqual(failed.first?.attempts, 2)
        XCTAssertEqual(objects.keys(in: "reports").filter { !$0.contains("part-") }, [], "no staging object and no manifest")
    }
}

/// A thread-safe note of what the fake workers saw.
final class Tries: @unchecked Sendable {
    let lock = NSLock()
    var firsts: Set<Int64> = []
    var seen: [[String]] = []

    /// True the first time `index` is asked about.
    func first(_ index: Int64) -> Bool { lock.withLock { firsts.insert(index).inserted } }

    func note(_ urls: [String]) { lock.withLock { seen.append(urls) } }
}
