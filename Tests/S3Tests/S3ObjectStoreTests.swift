import AWSCore
import ESSMaster
import Foundation
import JobModel
import Jobs
import S3
import TestSupport
import XCTest

/// The master's adapter over moto: the `ObjectLister` and `ObjectStore` calls, and S3's
/// errors as the kinds the master acts on.
final class S3ObjectStoreTests: XCTestCase {
    func testNoCredentialsIsItsOwnKind() throws {
        let home = TemporaryDirectory("ess-s3-store")
        defer { home.remove() }
        XCTAssertThrowsError(try S3ObjectStore.resolve(environment: ["AWS_REGION": "us-east-1"], homeDirectory: home.path, logger: .init(label: "t"))) { error in
            XCTAssertEqual((error as? ObjectStoreError)?.kind, .noCredentials, "\(error)")
            XCTAssertTrue("\(error)".contains("no AWS credentials found"), "\(error)")
        }
        XCTAssertThrowsError(try S3ObjectStore.resolve(environment: ["AWS_ACCESS_KEY_ID": "A", "AWS_SECRET_ACCESS_KEY": "s"], homeDirectory: home.path, logger: .init(label: "t"))) { error in
            guard case .missingRegion? = error as? AWSConfigurationError else { return XCTFail("\(error)") }
        }
    }

    func testCodesMapToKinds() throws {
        let cases: [(String, Int, ObjectStoreError.Kind)] = [
            ("NoSuchBucket", 404, .noSuchBucket), ("NoSuchKey", 404, .noSuchKey), ("AccessDenied", 403, .accessDenied),
            ("InvalidAccessKeyId", 403, .accessDenied), ("SlowDown", 503, .other), ("InternalError", 500, .other),
        ]
        for (code, status, kind) in cases {
            let transport = ScriptedTransport([], fallback: .response(status, S3ScriptedTests.errorDocument(code, "words")))
            let store = S3ObjectStore(client: try S3Fixture.client(transport))
            XCTAssertThrowsError(try store.delete(S3Location(bucket: "b", key: "k"))) { error in
                XCTAssertEqual(
                    error as? ObjectStoreError,
                    ObjectStoreError(kind: kind, operation: "DeleteObject", location: "s3://b/k", code: code, message: "words", httpStatus: status))
            }
        }
        let unreachable = S3ObjectStore(client: S3Client(
            configuration: try S3Fixture.configuration(endpoint: "http://127.0.0.1:\(MotoServer.freePort())"),
            retryPolicy: RetryPolicy(maxAttempts: 1), logger: .init(label: "t")))
        XCTAssertThrowsError(try unreachable.checkBucket("b")) { error in
            let store = error as? ObjectStoreError
            XCTAssertEqual(store?.kind, .other)
            XCTAssertEqual(store?.location, "s3://b/")
            XCTAssertTrue(store?.message.contains("could not connect") == true, "\(error)")
        }
    }

    func testTheStoreOverMoto() throws {
        try XCTSkipUnless(MotoServer.isInstalled, "moto_server is not installed")
        let moto = try MotoServer()
        defer { moto.stop() }
        moto.makeBucket("logs")
        let store = try S3ObjectStore.resolve(environment: moto.environment, homeDirectory: "/nonexistent", logger: .init(label: "t"))
        try store.checkBucket("logs")
        XCTAssertThrowsError(try store.checkBucket("nope")) { XCTAssertEqual(($0 as? ObjectStoreError)?.kind, .noSuchBucket) }
        for name in ["b", "a", "c"] {
            try store.put(Array("\(name)\n".utf8), at: S3Location(bucket: "logs", key: "in/\(name).txt"), contentType: "text/plain")
        }
        let first = try store.list(bucket: "logs", prefix: "in/", startAfter: nil, maxKeys: 2)
        XCTAssertEqual(first.objects.map(\.key), ["in/a.txt", "in/b.txt"])
        XCTAssertTrue(first.truncated)
        XCTAssertEqual(first.objects.first?.size, 2)
        let rest = try store.list(bucket: "logs", prefix: "in/", startAfter: "in/b.txt", maxKeys: 2)
        XCTAssertEqual(rest, ListingPage(objects: [ListedObject(key: "in/c.txt", size: 2, etag: rest.objects.first?.etag ?? "")], truncated: false))
        XCTAssertEqual(rest.objects.first?.etag.count, 32)
        XCTAssertEqual(try store.read(bucket: "logs", key: "in/a.txt", offset: 1, count: 10), Array("\n".utf8))
        XCTAssertEqual(try store.read(bucket: "logs", key: "in/a.txt", offset: 2, count: 10), [], "past the end: nothing")
        XCTAssertThrowsError(try store.read(bucket: "logs", key: "in/gone", offset: 0, count: 1)) { error in
            XCTAssertEqual((error as? ObjectStoreError)?.kind, .noSuchKey)
            XCTAssertEqual((error as? ObjectStoreError)?.code, "NoSuchKey")
        }
        try store.copy(from: S3Location(bucket: "logs", key: "in/a.txt"), to: S3Location(bucket: "logs", key: "out/part-000001"))
        try store.delete(S3Location(bucket: "logs", key: "in/a.txt"))
        XCTAssertEqual(moto.keys(bucket: "logs"), ["in/b.txt", "in/c.txt", "out/part-000001"])
        XCTAssertThrowsError(try store.copy(from: S3Location(bucket: "other", key: "x"), to: S3Location(bucket: "logs", key: "y"))) {
            XCTAssertEqual(($0 as? ObjectStoreError)?.kind, .other)
        }
    }
}
