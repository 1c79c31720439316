import Foundation
import XCTest

@testable import JobWorkers

/// The slot runner's script run by a local `/bin/sh` (no SSH), its stream read by `RunnerFrames`:
/// the markers it writes around each kind of slice, and the files it keeps per slice.
final class RunnerScriptTests: XCTestCase {
    let token = "ess-feedc0de"
    var home: String!
    let scripts = WorkerScripts(exID: 9)

    override func setUpWithError() throws {
        home = NSTemporaryDirectory() + "runner-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: home + "/" + scripts.folder + "/out", withIntermediateDirectories: true)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: home)
    }

    /// Sends `requests` to a runner, ends its input, and returns its pid and what it wrote, as events
    /// (adjacent output and stderr bytes merged).
    func run(_ requests: [String]) throws -> (pid: Int32, events: [RunnerFrames.Event]) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", scripts.runner(token: token)]
        process.currentDirectoryURL = URL(fileURLWithPath: home)
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(requests.joined().utf8))
        try input.fileHandleForWriting.close()
        let bytes = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var frames = RunnerFrames(token: token)
        var merged: [RunnerFrames.Event] = []
        for event in bytes.withUnsafeBytes({ frames.feed($0) }) {
            switch (merged.last, event) {
            case (.output(let a)?, .output(let b)): merged[merged.count - 1] = .output(a + b)
            case (.stderr(let a)?, .stderr(let b)): merged[merged.count - 1] = .stderr(a + b)
            default: merged.append(event)
            }
        }
        return (process.processIdentifier, merged)
    }

    func request(_ command: String, _ output: WorkerScripts.RunnerOutput, tag: String = "1-2", file: String? = nil) -> String {
        WorkerScripts.request(command, tag: tag, output: output, file: file)
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
        let (pid, events) = try run([request("cat .s$$ > seen", .none, tag: "12345-4294967295"), request("true", .none, tag: "7-1")])
        XCTAssertEqual(events.filter { $0 == .exited(code: 0) }.count, 2)
        let seen = try String(contentsOfFile: folder + "/seen", encoding: .utf8)
        XCTAssertEqual(seen, "12345-4294967295".padding(toLength: WorkerScripts.tagWidth, withPad: " ", startingAt: 0) + "\n")
        let left = try String(contentsOfFile: folder + "/.s\(pid)", encoding: .utf8)
        XCTAssertEqual(left, "-".padding(toLength: WorkerScripts.tagWidth, withPad: " ", startingAt: 0) + "\n")
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: folder + "/.e\(pid)")[.size] as? Int, 0)
    }
}
