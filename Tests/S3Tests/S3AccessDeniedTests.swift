import AWSCore
import ESSMaster
import Foundation
import JobModel
import Jobs
import S3
import TestSupport
import XCTest

/// A verifying moto (as S3 is): the key it knows may use EC2 only, so every S3 call is refused
/// after its signature was checked, and `AccessDenied` (not `SignatureDoesNotMatch`) says the
/// client's header signing is what S3 recomputes.
final class S3AccessDeniedTests: XCTestCase {
    var moto: MotoServer!

    override func setUpWithError() throws {
        try XCTSkipUnless(MotoServer.isInstalled, "moto_server is not installed")
        moto = try MotoServer(authentication: .verifying)
    }

    override func tearDown() {
        moto?.stop()
    }

    func testAccessDeniedIsNamedByTheClientAndTheStore() throws {
        // Calls without a query: moto's verifier leaves the query out of the canonical request it
        // recomputes, so it answers SignatureDoesNotMatch to any signed ListObjectsV2 (boto3's too).
        let client = try S3Fixture.client(moto)
        XCTAssertThrowsError(try client.getObject(bucket: "logs", key: "day/1")) { error in
            XCTAssertEqual((error as? S3Error)?.code, "AccessDenied", "\(error)")
            XCTAssertEqual((error as? S3Error)?.httpStatus, 403)
        }
        XCTAssertThrowsError(try client.putObject(bucket: "logs", key: "probe", bytes: [1])) {
            XCTAssertEqual(($0 as? S3Error)?.code, "AccessDenied", "\($0)")
        }
        let store = S3ObjectStore(client: client)
        XCTAssertThrowsError(try store.checkBucket("logs")) { error in
            XCTAssertEqual((error as? ObjectStoreError)?.kind, .accessDenied, "\(error)")
            XCTAssertEqual((error as? ObjectStoreError)?.httpStatus, 403)
        }
        XCTAssertThrowsError(try store.read(bucket: "logs", key: "day/1", offset: 0, count: 10)) { error in
            XCTAssertEqual((error as? ObjectStoreError)?.kind, .accessDenied)
            XCTAssertEqual((error as? ObjectStoreError)?.location, "s3://logs/day/1")
        }
        XCTAssertThrowsError(try store.put([1], at: S3Location(bucket: "logs", key: "out/probe"), contentType: "text/plain")) {
            XCTAssertEqual(($0 as? ObjectStoreError)?.kind, .accessDenied)
        }
    }

    func testAWrongSecretIsRefusedAsASignatureMismatch() throws {
        var environment = moto.environment
        environment["AWS_SECRET_ACCESS_KEY"] = "not-the-secret"
        let client = S3Client(
            configuration: try AWSConfiguration.resolve(environment: environment, homeDirectory: "/nonexistent"), logger: .init(label: "test"))
        XCTAssertThrowsError(try client.getObject(bucket: "logs", key: "k")) { error in
            XCTAssertEqual((error as? S3Error)?.code, "SignatureDoesNotMatch", "\(error)")
            XCTAssertFalse("\(error)".contains("not-the-secret"))
        }
    }
}
