import Foundation
import TestSupport
import XCTest

/// One of the SDK scenarios (`Tests/SDKScenarios/*.py`) run by the Python test clients'
/// interpreter against this fixture's master, bounded in time and stopped by pid. Its
/// transcript is printed as `SDK <name>:` lines for the closing note.
enum SDKScenario {
    static func run(_ name: String, cluster: JobCluster, environment: [String: String], timeout: TimeInterval = 300,
                    file: StaticString = #filePath, line: UInt = #line) throws {
        let script = PythonClients.packageRoot + "/Tests/SDKScenarios/\(name)_scenario.py"
        var all = ProcessInfo.processInfo.environment
        all["ESS_URL"] = cluster.url
        let token = token(cluster)
        XCTAssertFalse(token.isEmpty, "the master made no API token at \(cluster.ess.aws)/ess/api-token", file: file, line: line)
        all["ESS_TOKEN"] = token
        for (key, value) in environment { all[key] = value }
        let out = cluster.ess.root + "/\(name)-scenario.out"
        FileManager.default.createFile(atPath: out, contents: nil)
        let transcriptFile = FileHandle(forWritingAtPath: out) ?? FileHandle.nullDevice
        let scenario = try ProgramRun(try PythonClients.python(), ["-u", script], environment: all, stdout: .handle(transcriptFile), stderr: .handle(transcriptFile))
        let timedOut = scenario.wait(timeout: timeout, interval: 0.05) == nil
        let transcript = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        for text in transcript.split(separator: "\n") { print("SDK \(name): \(text)") }
        XCTAssertFalse(timedOut, "the \(name) scenario did not end within \(Int(timeout)) s", file: file, line: line)
        XCTAssertEqual(scenario.process.terminationStatus, 0, "the \(name) scenario failed:\n\(transcript.suffix(4000))", file: file, line: line)
    }

    /// The master's API token (`ESS_AWS_DIR/ess/api-token`), empty when there is none.
    static func token(_ cluster: JobCluster) -> String {
        ((try? String(contentsOfFile: cluster.ess.aws + "/ess/api-token", encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
