import Foundation
import XCTest

@testable import JobWorkers

/// The slot runner's script run by a local `/bin/sh` (no SSH) with a scratch home, its stream
/// read by `RunnerFrames`: the markers it writes around each kind of slice, the files it keeps
/// per slice, and the executions' folders it changes to (making them when missing).
final class RunnerScriptTests: XCTestCase {
    let token = "ess-feedc0de"
    var home: String!
    let scripts = WorkerScripts(exID: 9)

    override func setUpWithError() throws {
        home = NSTemporaryDirectory() + "runner-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: home)
    }

    /// Sends `requests` to a runner, ends its input, and returns its pid and what it wrote, as events.
    func run(_ requests: [String]) throws -> (pid: Int32, events: [RunnerFrames.Event]) {
        try LocalRunner(home: home, token: token, current: scripts.current).run(requests)
    }

    func request(_ command: String, _ output: WorkerScripts.RunnerOutput, tag: String = "1-2", file: String? = nil, folder: String? = nil) -> String {
        WorkerScripts.request(command, tag: tag, folder: folder ?? scripts.folder, output: output, file: file)
    }

    func testEachKindOfSliceIsFramedWithItsOutputStreamedAfterItsStart() throws {
        let (pid, events) = try run([
            request("printf 'a\\nb'", .stdout),
            request("echo partial; echo bad >&2; exit 3", .stdout),
            request("echo dropped; echo second >&2; exit 1", .none),
            request("echo not this; printf file > out/x", .file, file: "out/x"),
            request("echo warned >&2; echo fine", .stdout),
            request("exit 4", .stdout),
        ])
        XCTAssertEqual(events, [
            .started(group: pid), .output(Array("a\nb".utf8)), .outputEnded, .exited(code: 0),
            // A failed slice's output still arrives (the master drops it), then its error's tail.
            .started(group: pid), .output(Array("partial\n".utf8)), .outputEnded, .stderr(Array("bad\n".utf8)), .exited(code: 3),
            // Only this slice's error output: the last one's was emptied.
            .started(group: pid), .outputEnded, .stderr(Array("second\n".utf8)), .exited(code: 1),
            .started(group: pid), .output(Array("file".utf8)), .outputEnded, .exited(code: 0),
            .started(group: pid), .output(Array("fine\n".utf8)), .outputEnded, .exited(code: 0),
            // What a slice that succeeded wrote on standard error is not the next one's tail.
            .started(group: pid), .outputEnded, .exited(code: 4),
        ])
    }

    func testTheTagFileIsOverwrittenInPlaceAndBlankedAfterTheSlice() throws {
        let folder = home + "/" + scripts.folder
        let runs = home + "/" + WorkerScripts.runnerFolder
        let (pid, events) = try run([request("cat \"$HOME\"/.ess/run/.s$$ > seen", .none, tag: "12345-4294967295"), request("true", .none, tag: "7-1")])
        XCTAssertEqual(events.filter { $0 == .exited(code: 0) }.count, 2)
        let seen = try String(contentsOfFile: folder + "/seen", encoding: .utf8)
        XCTAssertEqual(seen, "12345-4294967295".padding(toLength: WorkerScripts.tagWidth, withPad: " ", startingAt: 0) + "\n")
        let left = try String(contentsOfFile: runs + "/.s\(pid)", encoding: .utf8)
        XCTAssertEqual(left, "-".padding(toLength: WorkerScripts.tagWidth, withPad: " ", startingAt: 0) + "\n")
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: runs + "/.e\(pid)")[.size] as? Int, 0)
    }

    func testEachRequestRunsInItsExecutionsFolderMadeWhenMissing() throws {
        // A file where the next execution's folder would go: its slice fails with mkdir's words.
        try FileManager.default.createDirectory(atPath: home + "/.ess", withIntermediateDirectories: true)
        XCTAssertTrue(FileManager.default.createFile(atPath: home + "/.ess/jobs-blocked", contents: Data()))
        let (pid, events) = try run([
            request("pwd; printf one > out/a", .stdout, folder: ".ess/jobs/1"),
            request("pwd; ls out", .stdout, folder: ".ess/jobs/2"),
            request("cat out/a", .stdout, folder: ".ess/jobs/1"),
            request("echo never", .stdout, folder: ".ess/jobs-blocked/3"),
            request("pwd", .stdout, folder: ".ess/jobs/2"),
        ])
        let real = home!
        XCTAssertEqual(Array(events.prefix(12)), [
            .started(group: pid), .output(Array("\(real)/.ess/jobs/1\n".utf8)), .outputEnded, .exited(code: 0),
            .started(group: pid), .output(Array("\(real)/.ess/jobs/2\n".utf8)), .outputEnded, .exited(code: 0),
            .started(group: pid), .output(Array("one".utf8)), .outputEnded, .exited(code: 0),
        ])
        XCTAssertEqual(events[12], .started(group: pid))
        XCTAssertEqual(events[13], .outputEnded)
        guard case .stderr(let words) = events[14] else { return XCTFail("no error tail: \(events)") }
        XCTAssertTrue(String(decoding: words, as: UTF8.self).contains("mkdir"), String(decoding: words, as: UTF8.self))
        XCTAssertEqual(events[15], .exited(code: 1))
        XCTAssertEqual(Array(events.suffix(4)), [.started(group: pid), .output(Array("\(real)/.ess/jobs/2\n".utf8)), .outputEnded, .exited(code: 0)])
    }
}
