import Foundation
import TestSupport
import XCTest

/// A test case with its own local cluster and master (a fresh `JobCluster` per test), torn down
/// by pid after it whatever the test did.
class JobTestCase: XCTestCase {
    var cluster: JobCluster!
    /// How many local nodes each test of the class gets.
    class var nodes: Int { 2 }
    /// Whether setUp starts the master (tests of how a master comes up start it themselves).
    class var startsMaster: Bool { true }

    override func setUpWithError() throws {
        cluster = JobCluster(nodes: Self.nodes, label: "ess-jobs-e2e")
        if Self.startsMaster { try cluster.startMaster() }
    }

    override func tearDown() {
        cluster?.tearDown()
    }

    /// Writes `text` at `path` under the project, creating its folder.
    func write(_ text: String, to path: String) throws {
        let full = cluster.ess.work + "/" + path
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: full))
    }

    /// Submits `spec`, waits for `completed`, and returns the execution id.
    func runToCompletion(_ spec: String, timeout: TimeInterval = 90, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let (_, ex) = try cluster.submit(spec)
        let status = cluster.wait(ex: ex, for: ["completed", "failed", "stopped", "terminated"], timeout: timeout, file: file, line: line)
        XCTAssertEqual(status, "completed", cluster.whyNotCompleted(ex), file: file, line: line)
        return ex
    }
}
