import Foundation
import TestSupport
import XCTest

/// `ess job` through the built binary: mistakes refused before any request, and a master that
/// does not answer named with what to do.
final class JobCLITests: XCTestCase {
    var ess: EssHarness!

    override func setUp() {
        ess = EssHarness("ess-job")
    }

    override func tearDown() {
        ess.cleanUp()
    }

    /// Runs `ess ARGS`: exit `code`, one `ess: ` line on stderr naming `words`, nothing on stdout.
    func refuse(_ arguments: [String], code: Int32, mentions words: [String], environment: [String: String] = [:],
                file: StaticString = #filePath, line: UInt = #line) {
        let result = ess.run(arguments, timeout: 60, environment: environment)
        let label = "ess \(arguments.joined(separator: " "))"
        XCTAssertEqual(result.status, code, "\(label): \(result.stderr)", file: file, line: line)
        XCTAssertEqual(result.stderrLines.count, 1, "\(label) should say one line: \(result.stderr)", file: file, line: line)
        XCTAssertTrue(result.stderr.hasPrefix("ess: "), "\(label): \(result.stderr)", file: file, line: line)
        XCTAssertEqual(result.stdout, "", "\(label) printed: \(result.stdout)", file: file, line: line)
        for word in words {
            XCTAssertTrue(result.stderr.contains(word), "\(label) should mention `\(word)`: \(result.stderr)", file: file, line: line)
        }
    }

    func testMistakesOnTheCommandLineExit64BeforeAnyRequest() {
        // ESS_MASTER at a port nothing listens on: a request would fail with 69, not 64.
        let nowhere = ["ESS_MASTER": "http://127.0.0.1:\(LoopbackPort.free())"]
        refuse(["job", "status"], code: 64, mentions: ["--ex EX_ID"], environment: nowhere)
        refuse(["job", "status", "3", "--ex", "4"], code: 64, mentions: ["not both"], environment: nowhere)
        refuse(["job", "show", "abc"], code: 64, mentions: ["whole number", "abc"], environment: nowhere)
        refuse(["job", "wait", "3", "--status", "done"], code: 64, mentions: ["completed", "`done`"], environment: nowhere)
        refuse(["job", "stop", "3", "--timeout", "nan"], code: 64, mentions: ["--timeout"], environment: nowhere)
        refuse(["job", "run", "spec.json", "--var", "DAY"], code: 64, mentions: ["NAME=VALUE"], environment: nowhere)
        refuse(["job", "recover", "3", "--cleanup", "some"], code: 64, mentions: ["some"], environment: nowhere)
        refuse(["job", "frobnicate"], code: 64, mentions: ["frobnicate"], environment: nowhere)
        refuse(["job", "run", "missing.json"], code: 64, mentions: ["missing.json", "does not exist"], environment: nowhere)
        refuse(["job", "list"], code: 64, mentions: ["ESS_MASTER", "ftp://x"], environment: ["ESS_MASTER": "ftp://x"])
    }

    func testAMasterThatDoesNotAnswerIsNamedWithWhatToDo() {
        let url = "http://127.0.0.1:\(LoopbackPort.free())"
        refuse(["job", "list"], code: 69, mentions: [url, "does not answer", "`ess serve status`"], environment: ["ESS_MASTER": url])
        refuse(["job", "stop", "3"], code: 69, mentions: [url], environment: ["ESS_MASTER": url])
        XCTAssertFalse(FileManager.default.fileExists(atPath: ess.work + "/.conf/master.json"), "ESS_MASTER never starts a master")
    }
}
