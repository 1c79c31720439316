import Foundation
import TestSupport
import XCTest

/// `ess cluster run`'s live output through the built binary on real sshd nodes: lines as they come, prefixed by node,
/// stdout and stderr apart, through a pipe.
final class RunLiveOutputTests: EssTestCase {
    override class var label: String { "ess-live" }

    func nodeIDs() -> [String] {
        (ess.statusJSON()["nodes"] as? [[String: Any]] ?? []).compactMap { $0["instance_id"] as? String }
    }

    func text(_ data: Data) -> String { String(decoding: data, as: UTF8.self) }

    /// Every node prints a line, then waits for a file the test creates only once it has read that line from ess's
    /// stdout pipe: the run can only end well if the lines came out while the command was still running.
    func testLinesComeOutWhileTheCommandStillRuns() throws {
        ess.ok(["cluster", "create", "--number=3"])
        let ids = nodeIDs()
        XCTAssertEqual(ids.count, 3)
        let command = #"""
            echo "first $ESS_NODE_ID"; echo "warning $ESS_NODE_ID" >&2
            i=0; while [ ! -e "$HOME/go" ] && [ $i -lt 1200 ]; do sleep 0.05; i=$((i+1)); done
            [ -e "$HOME/go" ] && echo second; printf 'no newline'
            """#
        let run = try PipedEss(ess, ["cluster", "run", command, "--timeout", "90"])
        let sawFirstLines = run.wait { out, err in
            ids.allSatisfy { self.text(out).contains("\($0) | first \($0)\n") && self.text(err).contains("\($0) | warning \($0)\n") }
        }
        XCTAssertTrue(sawFirstLines, "each node's first lines, on ess's stdout and stderr, before any command ended")
        XCTAssertTrue(run.isRunning)
        for id in ids { XCTAssertTrue(FileManager.default.createFile(atPath: ess.nodeHome(id) + "/go", contents: nil)) }

        let (status, out, err) = run.finish(timeout: 120)
        XCTAssertEqual(status, 0, text(err))
        let expected = ids.flatMap { ["\($0) | first \($0)", "\($0) | second", "\($0) | no newline"] }
        XCTAssertEqual(text(out).split(separator: "\n").map(String.init).sorted(), expected.sorted(), "stdout: prefixed, nothing else")
        XCTAssertEqual(text(err).split(separator: "\n").map(String.init).sorted(), ids.map { "\($0) | warning \($0)" }.sorted(), "stderr apart")
        XCTAssertTrue(text(out).hasSuffix("\n"), "a last line without newline is still written whole")
        for id in ids {
            let lines = text(out).split(separator: "\n").filter { $0.hasPrefix(id) }
            XCTAssertEqual(lines, ["\(id) | first \(id)", "\(id) | second", "\(id) | no newline"], "one node's lines in order")
        }
    }

    /// Binary bytes pass through as they are; CRLF ends a line; a line longer than 64 KiB comes in marked pieces (other
    /// nodes' lines may come between them, never inside); a failing node's stderr streams and the summary after it
    /// still names the last stderr line.
    func testBytesLongLinesAndFailuresWhileStreaming() throws {
        ess.ok(["cluster", "create", "--number=2"])
        let ids = nodeIDs()
        let run = try PipedEss(ess, [
            "cluster", "run",
            #"printf 'dos\r\nraw\377\376\000end\n'; head -c 70000 /dev/zero | tr '\0' x; echo; [ "$ESS_NODE_ID" = "\#(ids[1])" ] && { echo oops >&2; echo "last words" >&2; exit 7; }; true"#,
        ])
        let (status, out, err) = run.finish()
        XCTAssertEqual(status, 1, text(err))
        let lines = out.split(separator: UInt8(ascii: "\n"))
        XCTAssertEqual(lines.count, 8, "4 lines a node, nothing more on stdout")
        for id in ids {
            let mine = lines.filter { $0.starts(with: Data(id.utf8)) }.map { Data($0) }
            XCTAssertEqual(mine, [
                Data("\(id) | dos".utf8),
                Data("\(id) | raw".utf8) + Data([0xFF, 0xFE, 0x00]) + Data("end".utf8),
                Data("\(id) | ".utf8) + Data(repeating: UInt8(ascii: "x"), count: 65_536),
                Data("\(id) + ".utf8) + Data(repeating: UInt8(ascii: "x"), count: 70_000 - 65_536),
            ], "node \(id)'s lines, whole and in order")
        }
        XCTAssertTrue(text(err).contains("\(ids[1]) | oops\n\(ids[1]) | last words\n"), text(err))
        XCTAssertTrue(text(err).contains("ess: run failed on \(ids[1]): exit code 7: last words\n"), text(err))
        XCTAssertTrue(text(err).contains("run failed on 1 of 2 nodes"), text(err))
    }

    /// Node ids of different lengths (a custom cluster over the same nodes) get one prefix width, as pdsh pads them.
    func testPrefixesAlignAcrossNodeIDsOfDifferentLengths() throws {
        ess.ok(["cluster", "create", "--number=2"])
        let nodes = ess.statusJSON()["nodes"] as? [[String: Any]] ?? []
        let addresses = nodes.compactMap { $0["public_ip"] as? String }
        let state = String(decoding: try XCTUnwrap(ess.stateBytes), as: UTF8.self)
        let pem = try XCTUnwrap(state.firstMatch(of: #/"pem" : "([^"]+)"/#)).1
        let user = try XCTUnwrap(state.firstMatch(of: #/"user" : "([^"]+)"/#)).1
        let custom = ess.root + "/custom"
        try FileManager.default.createDirectory(atPath: custom + "/.conf", withIntermediateDirectories: true)
        let ipList = [addresses[0] + ":22", addresses[1]]
        let form = #"{"id": "lab", "pem": "\#(pem)", "ip_list": ["\#(ipList[0])", "\#(ipList[1])"], "user": "\#(user)"}"#
        try Data(form.utf8).write(to: URL(fileURLWithPath: custom + "/.conf/reservation.json"))

        let result = ess.run(["cluster", "run", "echo hi"], in: custom)
        XCTAssertEqual(result.status, 0, result.stderr)
        let width = ipList.map(\.count).max()!
        let expected = ipList.map { $0.padding(toLength: width, withPad: " ", startingAt: 0) + " | hi" }
        XCTAssertEqual(result.stdout.split(separator: "\n").map(String.init).sorted(), expected.sorted())
    }

    /// On a terminal (a pseudo-terminal from util-linux `script`), the progress line is cleared before each batch of
    /// lines: every output line starts a line of its own, never after progress text.
    func testTheProgressLineNeverRunsIntoOutputOnATerminal() throws {
        ess.ok(["cluster", "create", "--number=2"])
        let ids = nodeIDs()
        let output = Pipe()
        let environment = ess.processEnvironment([
            "ESS_BIN": EssHarness.binary, "RUN_COMMAND": "for i in 1 2 3 4; do echo line$i; echo err$i >&2; sleep 0.3; done",
        ])
        let script = try ProgramRun(
            "/usr/bin/script", ["-qec", #"exec "$ESS_BIN" cluster run "$RUN_COMMAND""#, "/dev/null"], in: ess.work, environment: environment,
            stdout: .pipe(output), stderr: .inherited)
        let bytes = output.fileHandleForReading.readDataToEndOfFile()
        script.process.waitUntilExit()
        XCTAssertEqual(script.process.terminationStatus, 0)
        let screen = text(bytes).replacingOccurrences(of: "\r\n", with: "\n")
        XCTAssertTrue(screen.contains("\r\u{1B}[Krun: "), "a progress line was drawn (the commands take over a second)")
        for id in ids {
            for i in 1...4 {
                for line in ["\(id) | line\(i)", "\(id) | err\(i)"] {
                    let at = try XCTUnwrap(screen.range(of: line), "\(line) in \(screen.debugDescription)")
                    let before = screen[..<at.lowerBound]
                    XCTAssertTrue(before.isEmpty || before.hasSuffix("\n") || before.hasSuffix("\r\u{1B}[K"), "\(line) starts a line")
                }
            }
        }
    }
}
