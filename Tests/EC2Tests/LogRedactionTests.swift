import AWSCore
import EC2
import Foundation
import Logging
import TestSupport
import XCTest

/// The client's debug log names the action, status, attempt and duration, never a secret,
/// on the retry and rate-limiter paths too.
final class LogRedactionTests: XCTestCase {
    final class Capture: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        var all: [String] { lock.withLock { lines } }
        func add(_ line: String) { lock.withLock { lines.append(line) } }
    }

    struct CapturingHandler: LogHandler {
        let capture: Capture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            capture.add("\(event.message) \(merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))")
        }
    }

    func testDebugLinesCarryNoSecretsOrBodies() throws {
        let capture = Capture()
        let logger = Logger(label: "test") { _ in CapturingHandler(capture: capture) }
        let configuration = try AWSConfiguration.resolve(
            environment: [
                "AWS_ACCESS_KEY_ID": "AKIDLOG", "AWS_SECRET_ACCESS_KEY": TestConfig.secret, "AWS_SESSION_TOKEN": "token-must-not-leak",
                "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": "http://127.0.0.1:1",
            ], homeDirectory: "/nonexistent")
        let transport = ScriptedTransport([.response(503, ScriptedTransport.errorDocument("RequestLimitExceeded")), .response(200, Fixture.data("RunInstances"))])
        let client = EC2Client(
            configuration: configuration, transport: transport, rateLimiter: SharedRateLimiter(clock: { 0 }), logger: logger, sleep: { _ in })
        let request = RunInstancesRequest(
            clusterID: "c1", count: 3, clientToken: "body-token", imageID: "ami-1", instanceType: "m3.medium", keyName: "k", securityGroupID: "sg-1")
        _ = try client.runInstances(request)
        let lines = capture.all
        XCTAssertTrue(lines.contains { $0.hasPrefix("ec2 call") && $0.contains("action=RunInstances") && $0.contains("status=503") && $0.contains("attempt=1") })
        XCTAssertTrue(lines.contains { $0.contains("status=200") && $0.contains("attempt=2") && $0.contains("ms=") })
        XCTAssertTrue(lines.contains { $0.hasPrefix("ec2 retry") && $0.contains("failure=throttling") }, "\(lines)")
        XCTAssertTrue(lines.contains { $0.hasPrefix("ec2 pace") && $0.contains("wait_s=") }, "\(lines)")
        for line in lines {
            for secret in [TestConfig.secret, "token-must-not-leak", "body-token", "Authorization", "Signature="] {
                XCTAssertFalse(line.contains(secret), line)
            }
        }
    }
}
