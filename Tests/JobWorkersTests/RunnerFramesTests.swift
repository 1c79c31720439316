import Foundation
import XCTest

@testable import JobWorkers

/// The slot runner's stream read back, whatever its chunking, and its requests one line each.
final class RunnerFramesTests: XCTestCase {
    typealias Event = RunnerFrames.Event
    let token = "ess-0123abcd"

    func marker(_ rest: String) -> String { "\n\(token) \(rest)\n" }

    /// Feeds `stream` in chunks of `size` and merges adjacent output and stderr bytes.
    func read(_ stream: [UInt8], chunk size: Int) -> [Event] {
        var frames = RunnerFrames(token: token)
        var events: [Event] = []
        var at = 0
        while at < stream.count {
            let end = min(stream.count, at + size)
            stream[at..<end].withUnsafeBytes { events += frames.feed($0) }
            at = end
        }
        var merged: [Event] = []
        for event in events {
            switch (merged.last, event) {
            case (.output(let a)?, .output(let b)): merged[merged.count - 1] = .output(a + b)
            case (.stderr(let a)?, .stderr(let b)): merged[merged.count - 1] = .stderr(a + b)
            default: merged.append(event)
            }
        }
        return merged
    }

    func testSlicesReadBackExactlyWhateverTheChunking() {
        let binary: [UInt8] = [0, 1, 10, 255] + Array("\n\(token.dropLast()) s 1\nno eol".utf8)
        var stream = Array((marker("s 4242") + "hello\n" + marker("o") + marker("x 0")).utf8)
        stream += Array(marker("s 77").utf8) + binary + Array((marker("o") + "oops\nlast" + marker("x 3")).utf8)
        stream += Array((marker("s 78") + marker("o") + marker("x 143")).utf8)
        let expected: [Event] = [
            .started(group: 4242), .output(Array("hello\n".utf8)), .outputEnded, .exited(code: 0),
            .started(group: 77), .output(binary), .outputEnded, .stderr(Array("oops\nlast".utf8)), .exited(code: 3),
            .started(group: 78), .outputEnded, .exited(code: 143),
        ]
        for size in [1, 2, 3, 7, 13, stream.count] {
            XCTAssertEqual(read(stream, chunk: size), expected, "chunks of \(size)")
        }
    }

    func testAnUnexpectedMarkerIsReportedNotGuessed() {
        let events = read(Array((marker("s 1") + marker("x nine")).utf8), chunk: 5)
        XCTAssertEqual(events, [.started(group: 1), .garbled("x nine")])
    }

    func testARequestIsOneLineTheShellReadsBackExactly() throws {
        let command = "printf '%s\\n' \"it's\"\necho two\n\techo 'three'"
        let line = WorkerScripts.request(command, tag: "7-12", folder: ".ess/jobs/3", output: .file, file: "out/1 x")
        XCTAssertEqual(line.filter { $0 == "\n" }.count, 1)
        XCTAssertTrue(line.hasSuffix("\n"))
        // What the runner does with it: read one line, then eval "set -- $r".
        let script = "nl='\n'; IFS= read -r r; eval \"set -- $r\"; printf '[%s]' \"$@\""
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(line.utf8))
        try input.fileHandleForWriting.close()
        let got = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(got, "[f][7-12][.ess/jobs/3][\(command)][out/1 x]")
    }
}
