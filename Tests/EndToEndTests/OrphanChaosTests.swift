import Foundation
import Platform
import TestSupport
import XCTest

/// Issue 18: `Scripts/orphan-trials` at a small size, through the built binary: `create` killed
/// with SIGKILL at seeded random moments against moto behind the fault proxy (lost answers on),
/// then `status` and `terminate --all -y`; moto, asked directly, must hold nothing afterwards.
/// The script starts and stops its own moto_server and proxy by pid. `Scripts/chaos` runs all 200.
final class OrphanChaosTests: XCTestCase {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Scripts/orphan-trials").path

    func testKilledCreatesLeaveNothingAtTheCloud() throws {
        try XCTSkipUnless(MotoServer.isInstalled, "moto[server] is not installed; Scripts/setup installs it")
        let trials = Chaos.size(ci: 16, full: 200)
        let outcome = try ChildProcess.run(
            "/usr/bin/env", ["SEED=18", "TRIALS=\(trials)", "ESS_BIN=\(EssHarness.binary)", "python3", Self.script])
        let output = String(decoding: outcome.stdout, as: UTF8.self)
        let lines = output.split(separator: "\n").map(String.init)
        let summary = lines.last { $0.hasPrefix("orphan-trials: ") } ?? ""
        XCTAssertEqual(outcome.status, 0, "\(output)\n\(outcome.stderrText)")
        XCTAssertEqual(lines.filter { $0.hasPrefix("trial ") }.count, trials, output)
        XCTAssertTrue(summary.hasPrefix("orphan-trials: \(trials) trials, seed 18,"), summary)
        XCTAssertTrue(summary.contains("left 0 instances, 0 key pairs, 0 security groups"), output)
        Chaos.figure("orphan-trials", String(summary.dropFirst("orphan-trials: ".count)))
    }
}
