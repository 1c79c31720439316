import Foundation
import Platform
import TestSupport
import XCTest

/// Every ec2 mistake gives one clear line, a non-zero exit, and writes nothing: no state file,
/// no key file, nothing at the cloud.
final class EC2BadInputTests: XCTestCase {
    var ess: EssHarness!
    var moto: MotoServer!

    override func setUpWithError() throws {
        try XCTSkipUnless(MotoServer.isInstalled, "moto[server] is not installed; Scripts/setup installs it")
        ess = EssHarness("ess-ec2-bad")
        moto = try MotoServer(folder: ess.root)
        ess.environment = moto.environment
    }

    override func tearDown() {
        moto?.stop()
        if let ess { try? FileManager.default.removeItem(atPath: ess.root) }
    }

    /// Runs a create that must fail; checks the one-line error, and that nothing was written.
    func refusedCreate(_ extra: [String] = [], environment: [String: String] = [:], says expected: [String],
                       file: StaticString = #filePath, line: UInt = #line) {
        let before = ess.stateBytes
        let started = Date()
        let result = ess.run(["cluster", "create", "--number=2", "--provider", "ec2", "--no-wait"] + extra, timeout: 60, environment: environment)
        XCTAssertNotEqual(result.status, 0, "must fail: \(result.stdout)", file: file, line: line)
        let lines = result.stderrLines.filter { $0.hasPrefix("ess: ") }
        XCTAssertEqual(lines.count, 1, "one error line: \(result.stderr)", file: file, line: line)
        for word in expected {
            XCTAssertTrue(result.stderr.contains(word), "`\(word)` in: \(result.stderr)", file: file, line: line)
        }
        XCTAssertFalse(result.stderr.contains("ess-test-secret-never-printed"), "a secret leaked", file: file, line: line)
        XCTAssertEqual(ess.stateBytes, before, "reservation.json untouched", file: file, line: line)
        XCTAssertLessThan(Date().timeIntervalSince(started), 50, "fails in bounded time", file: file, line: line)
        XCTAssertEqual(moto.essLeftovers().instances, 0, file: file, line: line)
    }

    func testNoCredentials() {
        refusedCreate(
            environment: ["AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""],
            says: ["credentials", "AWS_ACCESS_KEY_ID", "--credentials FILE"])
    }

    func testCredentialsCSVIsUsedAndMissingOneIsNamed() throws {
        refusedCreate(["--credentials", ess.root + "/nope.csv"], environment: ["AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""], says: ["nope.csv", "the path given to --credentials"])
        let csv = ess.root + "/credentials.csv"
        try "User Name,Access Key Id,Secret Access Key\nalice,AKIDFROMCSV,ess-test-secret-never-printed\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let result = ess.run(
            ["cluster", "create", "--number=1", "--provider", "ec2", "--no-wait", "--credentials", csv, "--ssh-cidr", "127.0.0.1/32"],
            environment: ["AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(moto.essLeftovers().instances, 1)
        XCTAssertFalse((result.stdout + result.stderr).contains("ess-test-secret-never-printed"))
        ess.ok(["cluster", "terminate", "--all", "-y", "--credentials", csv])
    }

    func testWrongRegion() {
        refusedCreate(environment: ["AWS_REGION": "mars-north-9x"], says: ["region", "mars-north-9x"])
    }

    func testUnknownInstanceType() {
        refusedCreate(["--type", "m9.gigantic"], says: ["m9.gigantic"])
    }

    func testUnknownReservation() {
        ess.ok(["cluster", "set", "cloud"])
        let before = ess.stateBytes
        let result = ess.run(["cluster", "add", "r-0123456789abcdef0"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("r-0123456789abcdef0"), result.stderr)
        XCTAssertEqual(ess.stateBytes, before)
    }

    func testAuthFailureFromTheServer() throws {
        let strict = try MotoServer(folder: ess.root, authentication: .rejectEveryKey)
        defer { strict.stop() }
        refusedCreate(environment: ["AWS_ENDPOINT_URL": strict.endpoint], says: ["credentials"])
    }

    func testUnreachableEndpointFailsFast() {
        let closed = LoopbackPort.free()
        refusedCreate(environment: ["AWS_ENDPOINT_URL": "http://127.0.0.1:\(closed)"], says: ["127.0.0.1:\(closed)"])
    }
}
