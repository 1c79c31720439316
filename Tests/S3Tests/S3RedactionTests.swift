import AWSCore
import AWSSigV4
import ESSMaster
import Foundation
import JobModel
import Jobs
import S3
import TestSupport
import XCTest

/// What the client logs and what its errors say never hold the secret, a session token, a
/// signature or a presigned URL's query.
final class S3RedactionTests: XCTestCase {
    let secrets = [S3Fixture.secret, "session-token-never-logged", "X-Amz-Signature", "Signature=", "Authorization", "X-Amz-Credential"]

    func testLogLinesAndErrorsCarryNoSecrets() throws {
        let capture = LogCapture()
        let configuration = try AWSConfiguration(
            credentials: .init(accessKeyID: "AKIDS3TEST", secretAccessKey: S3Fixture.secret, sessionToken: "session-token-never-logged"),
            region: "us-east-1", retryBaseDelay: 0.001, s3Endpoint: URL(string: "http://127.0.0.1:9000"))
        let transport = ScriptedTransport([
            .response(503, S3ScriptedTests.errorDocument("SlowDown")),
            .response(403, Data("<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match</Message><StringToSign>AWS4-HMAC-SHA256 secret-ish</StringToSign><SignatureProvided>abcdef0123</SignatureProvided></Error>".utf8)),
        ])
        let client = S3Client(
            configuration: configuration, transport: transport, rateLimiter: SharedRateLimiter(clock: { 0 }), logger: capture.logger, sleep: { _ in })
        let url = client.presignedURL(method: "GET", bucket: "logs", key: "a", expires: 60)
        XCTAssertEqual(SigV4Signer.redacted(url), "http://127.0.0.1:9000/logs/a")
        var described: [String] = []
        XCTAssertThrowsError(try client.getObject(bucket: "logs", key: "day/x")) { error in
            XCTAssertEqual((error as? S3Error)?.code, "SignatureDoesNotMatch")
            described.append("\(error)")
        }
        let store = S3ObjectStore(client: S3Client(
            configuration: configuration, transport: ScriptedTransport([], fallback: .response(404, S3ScriptedTests.errorDocument("NoSuchKey"))),
            logger: capture.logger, sleep: { _ in }))
        XCTAssertThrowsError(try store.read(bucket: "logs", key: "k", offset: 0, count: 10)) { described.append("\($0)") }
        let lines = capture.lines
        XCTAssertTrue(lines.contains { $0.hasPrefix("s3 call attempt=1 ms=") && $0.hasSuffix(" operation=GetObject status=503") }, "\(lines)")
        XCTAssertTrue(lines.contains { $0.hasPrefix("s3 retry") && $0.contains("failure=throttling") }, "\(lines)")
        XCTAssertTrue(lines.contains { $0.hasPrefix("s3 call") && $0.contains("status=403") && $0.contains("attempt=2") }, "\(lines)")
        for text in lines + described {
            for secret in secrets + ["abcdef0123", "secret-ish", "127.0.0.1"] {
                XCTAssertFalse(text.contains(secret), "`\(secret)` in: \(text)")
            }
        }
    }
}
