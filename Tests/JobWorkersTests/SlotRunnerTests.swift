import Foundation
import JobModel
import JobWorkers
import Jobs
import TestSupport
import XCTest

/// Slices without input run on the worker's slot runners: long-lived, reused, and a runner that
/// dies loses only the slice it was running.
final class SlotRunnerTests: XCTestCase {
    var cluster: WorkerCluster!
    var scratch: TemporaryDirectory!

    override func setUpWithError() throws {
        cluster = try WorkerCluster(count: 1)
        scratch = TemporaryDirectory("ess-runner")
    }

    override func tearDown() {
        cluster?.stop()
        scratch?.remove()
        cluster = nil
    }

    func link(slots: Int) throws -> SSHWorkerLink {
        try XCTUnwrap(cluster.links(#"{"name":"t","command":"true","slots":\#(slots),"inputs":{"list":["a"]}}"#).first)
    }

    /// Runs `count` slices, `slots` at a time, each printing what `command` prints; their outputs.
    func outputs(_ link: SSHWorkerLink, count: Int, slots: Int, command: String) throws -> [String] {
        let results = SliceResults()
        var next = 0
        var texts: [String] = []
        while next < count {
            let batch = next..<min(count, next + slots)
            for index in batch {
                _ = link.start(SliceRun(index: Int64(index), command: command, stdoutPath: scratch.path + "/\(index)"), finished: results.callback(Int64(index)))
            }
            let done = results.wait(for: batch.upperBound, seconds: 60)
            for index in batch {
                XCTAssertEqual(done[Int64(index)], [.exited(code: 0, stderrTail: "")], "slice \(index)")
                texts.append(try String(contentsOfFile: scratch.path + "/\(index)", encoding: .utf8))
            }
            next = batch.upperBound
        }
        return texts
    }

    func testSlicesReuseOneRunnerPerSlotEachInAGroupOfItsOwn() throws {
        let link = try link(slots: 3)
        defer { link.close() }
        // Each slice prints its parent (the runner) and whether it leads its own process group.
        let texts = try outputs(link, count: 30, slots: 3, command: #"echo "$PPID $(ps -o pgid= -p $$ | tr -d ' ') $$""#)
        var parents = Set<String>()
        for text in texts {
            let fields = text.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            XCTAssertEqual(fields.count, 3, text)
            XCTAssertEqual(fields[1], fields[2], "the slice leads its own group: \(text)")
            parents.insert(fields[0])
        }
        XCTAssertEqual(parents.count, 3, "30 slices ran on the 3 runners of 3 slots: \(parents)")
    }

    func testARunnerKilledMidSliceLosesOnlyThatSliceAndTheWorkerGoesOn() throws {
        let link = try link(slots: 1)
        defer { link.close() }
        let results = SliceResults()
        let folder = cluster.folder(0)
        _ = link.start(SliceRun(index: 0, command: "echo $$ > group; echo $PPID > runner; sleep 300"), finished: results.callback(0))
        XCTAssertTrue(eventually { (try? String(contentsOfFile: folder + "/runner", encoding: .utf8)) != nil })
        let runner = try XCTUnwrap(Int32(String(contentsOfFile: folder + "/runner", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        XCTAssertEqual(kill(runner, SIGKILL), 0)
        let first = results.wait(for: 1)
        guard case .lost? = first[0]?.first else { return XCTFail("the slice is lost, once: \(String(describing: first[0]))") }
        XCTAssertEqual(first[0]?.count, 1)
        // The next slices run (on a new runner) as if nothing happened.
        let texts = try outputs(link, count: 3, slots: 1, command: "echo fine")
        XCTAssertEqual(texts, ["fine\n", "fine\n", "fine\n"])
        XCTAssertEqual(results.wait(for: 1)[0]?.count, 1, "the lost slice was reported once")
        // What the lost slice started was ended, not left running beside its retry.
        let pgid = try XCTUnwrap(groupID(at: folder + "/group"))
        XCTAssertTrue(eventually { groupMembers(pgid).isEmpty }, "group \(pgid) still has \(groupMembers(pgid))")
    }
}
