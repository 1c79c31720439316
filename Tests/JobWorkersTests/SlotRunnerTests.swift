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
    let kept = KeptOutputs()

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
                _ = link.start(SliceRun(index: Int64(index), command: command, output: kept.at("\(index)")), finished: results.callback(Int64(index)))
            }
            let done = results.wait(for: batch.upperBound, seconds: 60)
            for index in batch {
                XCTAssertEqual(done[Int64(index)], [.exited(code: 0, stderrTail: "")], "slice \(index)")
                texts.append(try kept.text("\(index)"))
            }
            next = batch.upperBound
        }
        return texts
    }

    func testSlicesReuseOneRunnerPerSlotEachLeadingItsGroup() throws {
        let link = try link(slots: 3)
        defer { link.close() }
        // Each slice prints its runner (`$$` in the slice's subshell) and that runner's group.
        let texts = try outputs(link, count: 30, slots: 3, command: #"echo "$$ $(ps -o pgid= -p $$ | tr -d ' ')""#)
        var runners = Set<String>()
        for text in texts {
            let fields = text.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            XCTAssertEqual(fields.count, 2, text)
            XCTAssertEqual(fields[0], fields[1], "the runner leads the slice's process group: \(text)")
            runners.insert(fields[0])
        }
        XCTAssertEqual(runners.count, 3, "30 slices ran on the 3 runners of 3 slots: \(runners)")
    }

    func testTermEndsTheSliceNotItsRunnerAndKillEndsBoth() throws {
        let link = try link(slots: 1)
        defer { link.close() }
        let results = SliceResults()
        let folder = cluster.folder(0)
        let polite = link.start(SliceRun(index: 0, command: "echo $$ > runner; sleep 300 & sleep 301"), finished: results.callback(0))
        XCTAssertTrue(eventually(within: 20) { groupID(at: folder + "/runner") != nil })
        let runner = try XCTUnwrap(groupID(at: folder + "/runner"))
        polite.end(force: false)
        XCTAssertEqual(results.wait(for: 1)[0], [.exited(code: 143, stderrTail: "")])
        XCTAssertTrue(eventually(within: 20) { groupMembers(runner) == [runner] }, "only the runner is left: \(groupMembers(runner))")
        // The same runner takes the next slice; KILL ends it with its slice.
        let stubborn = link.start(SliceRun(index: 1, command: "trap '' TERM; echo $$ > again; sleep 302"), finished: results.callback(1))
        XCTAssertTrue(eventually(within: 20) { groupID(at: folder + "/again") != nil })
        XCTAssertEqual(groupID(at: folder + "/again"), runner)
        stubborn.end(force: true)
        XCTAssertEqual(results.wait(for: 2)[1], [.exited(code: 137, stderrTail: "")])
        XCTAssertTrue(eventually(within: 20) { groupMembers(runner).isEmpty }, "group \(runner) still has \(groupMembers(runner))")
        // A new runner takes the slices after.
        XCTAssertEqual(try outputs(link, count: 2, slots: 1, command: "echo fine"), ["fine\n", "fine\n"])
    }

    func testARunnerKilledMidSliceLosesOnlyThatSliceAndTheWorkerGoesOn() throws {
        let link = try link(slots: 1)
        defer { link.close() }
        let results = SliceResults()
        let folder = cluster.folder(0)
        _ = link.start(SliceRun(index: 0, command: "echo $$ > runner; sleep 300"), finished: results.callback(0))
        XCTAssertTrue(eventually(within: 20) { (try? String(contentsOfFile: folder + "/runner", encoding: .utf8)) != nil })
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
        let pgid = runner
        XCTAssertTrue(eventually(within: 20) { groupMembers(pgid).isEmpty }, "group \(pgid) still has \(groupMembers(pgid))")
    }
}
