import AWSCore
import Foundation
import S3
import TestSupport
import XCTest

/// The client against moto_server's S3: listings paged by `start-after`, ranges, puts, copies,
/// deletes, and the errors S3 names.
final class S3ClientMotoTests: XCTestCase {
    var moto: MotoServer!

    override func setUpWithError() throws {
        try XCTSkipUnless(MotoServer.isInstalled, "moto_server is not installed")
        moto = try MotoServer()
    }

    override func tearDown() {
        moto?.stop()
    }

    func testPagingByStartAfterGivesEveryKeyOnceInOrder() throws {
        moto.makeBucket("logs")
        moto.putNumberedObjects(bucket: "logs", prefix: "day/", count: 2_500)
        moto.putNumberedObjects(bucket: "logs", prefix: "other/", count: 3)
        let client = try S3Fixture.client(moto)
        var keys: [String] = []
        var pages: [Int] = []
        var after: String?
        while true {
            let page = try client.listObjectsV2(bucket: "logs", prefix: "day/", startAfter: after, maxKeys: 1000)
            pages.append(page.objects.count)
            keys += page.objects.map(\.key)
            XCTAssertTrue(page.objects.allSatisfy { $0.size == 8 && $0.etag.count == 32 && !$0.etag.contains("\"") })
            guard page.isTruncated, let last = page.objects.last?.key else { break }
            after = last
        }
        XCTAssertEqual(pages, [1000, 1000, 500])
        XCTAssertEqual(keys, (0..<2_500).map { String(format: "day/%04d", $0) })
    }

    func testRangesReadTheirBytesAndFewerAtTheEnd() throws {
        moto.makeBucket("logs")
        let client = try S3Fixture.client(moto)
        let bytes = Array("0123456789abcdef".utf8)
        try client.putObject(bucket: "logs", key: "dir/one file.txt", bytes: bytes, contentType: "text/plain")
        XCTAssertEqual(try client.getObject(bucket: "logs", key: "dir/one file.txt"), bytes)
        XCTAssertEqual(try client.getObject(bucket: "logs", key: "dir/one file.txt", range: 4..<9), Array("45678".utf8))
        XCTAssertEqual(try client.getObject(bucket: "logs", key: "dir/one file.txt", range: 12..<100), Array("cdef".utf8))
        XCTAssertThrowsError(try client.getObject(bucket: "logs", key: "dir/one file.txt", range: 16..<20)) {
            XCTAssertEqual(($0 as? S3Error)?.code, "InvalidRange")
        }
    }

    func testPutCopyDeleteAndEmptyObjects() throws {
        moto.makeBucket("out")
        let client = try S3Fixture.client(moto)
        let etag = try client.putObject(bucket: "out", key: "staging/ex1/1/a+b ü", bytes: Array("line\n".utf8))
        let seen = moto.s3("print(s3.head_object(Bucket='out', Key='staging/ex1/1/a+b ü')['ETag'])")
        XCTAssertEqual("\"\(etag)\"", seen, "the ETag S3 holds, without its quotes")
        let copied = try client.copyObject(bucket: "out", from: "staging/ex1/1/a+b ü", to: "day/part-000001")
        XCTAssertEqual(copied, etag)
        try client.deleteObject(bucket: "out", key: "staging/ex1/1/a+b ü")
        try client.deleteObject(bucket: "out", key: "never/there")
        try client.putObject(bucket: "out", key: "day/empty", bytes: [])
        XCTAssertEqual(moto.keys(bucket: "out"), ["day/empty", "day/part-000001"])
        XCTAssertEqual(try client.getObject(bucket: "out", key: "day/part-000001"), Array("line\n".utf8))
        XCTAssertEqual(try client.getObject(bucket: "out", key: "day/empty"), [])
        try client.headBucket("out")
    }

    func testMissingBucketsAndKeysAreNamed() throws {
        moto.makeBucket("logs")
        let client = try S3Fixture.client(moto)
        for call in [{ try client.headBucket("nope") }, { _ = try client.listObjectsV2(bucket: "nope", prefix: "") }] as [() throws -> Void] {
            XCTAssertThrowsError(try call()) { error in
                XCTAssertEqual((error as? S3Error)?.code, "NoSuchBucket", "\(error)")
                XCTAssertEqual((error as? S3Error)?.httpStatus, 404)
            }
        }
        XCTAssertThrowsError(try client.getObject(bucket: "logs", key: "gone/key")) { error in
            let s3 = error as? S3Error
            XCTAssertEqual(s3?.code, "NoSuchKey")
            XCTAssertEqual(s3?.location, "s3://logs/gone/key")
            XCTAssertTrue("\(error)".hasPrefix("S3 GetObject s3://logs/gone/key failed: NoSuchKey"), "\(error)")
        }
        XCTAssertThrowsError(try client.copyObject(bucket: "logs", from: "gone/key", to: "x")) {
            XCTAssertEqual(($0 as? S3Error)?.code, "NoSuchKey", "\($0)")
        }
    }
}
