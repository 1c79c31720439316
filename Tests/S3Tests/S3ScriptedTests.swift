import AWSCore
import Foundation
import HTTPClient
import S3
import TestSupport
import XCTest

/// S3's answers the tests cannot get from moto on demand: a CopyObject that fails after its
/// 200, throttling, a 503; and what a HEAD's bodiless answer means.
final class S3ScriptedTests: XCTestCase {
    static func errorDocument(_ code: String, _ message: String = "message", requestID: String = "REQ1") -> Data {
        Data("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>\(code)</Code><Message>\(message)</Message><RequestId>\(requestID)</RequestId><HostId>h</HostId></Error>".utf8)
    }

    static let copied = Data("<CopyObjectResult><LastModified>2026-12-01T00:00:00.000Z</LastModified><ETag>&quot;abc123&quot;</ETag></CopyObjectResult>".utf8)

    func testCopyObjectsErrorInsideA200IsTheAnswer() throws {
        let transport = ScriptedTransport([], fallback: .response(200, Self.errorDocument("AccessDenied", "Access Denied")))
        let client = try S3Fixture.client(transport)
        XCTAssertThrowsError(try client.copyObject(bucket: "out", from: "staging/1", to: "final/part-000001")) { error in
            let s3 = error as? S3Error
            XCTAssertEqual(s3?.code, "AccessDenied")
            XCTAssertEqual(s3?.httpStatus, 200)
            XCTAssertEqual(s3?.operation, "CopyObject")
            XCTAssertEqual(s3?.key, "final/part-000001")
        }
        XCTAssertEqual(transport.requests.count, 1, "a permanent error is not retried")
        let headers = Dictionary(transport.requests[0].headers.map { ($0.name.lowercased(), $0.value) }, uniquingKeysWith: { $1 })
        XCTAssertEqual(headers["x-amz-copy-source"], "out/staging/1")
        XCTAssertEqual(headers["content-length"], "0")
    }

    func testCopyObjectsInternalErrorInsideA200IsRetriedThenSucceeds() throws {
        let transport = ScriptedTransport([.response(200, Self.errorDocument("InternalError")), .response(200, Self.copied)])
        let client = try S3Fixture.client(transport)
        XCTAssertEqual(try client.copyObject(bucket: "out", from: "a", to: "b"), "abc123")
        XCTAssertEqual(transport.requests.count, 2)
    }

    func testSlowDownIsRetriedThenSucceeds() throws {
        let page = Data("<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>k1</Key><Size>3</Size><ETag>\"e1\"</ETag></Contents></ListBucketResult>".utf8)
        let transport = ScriptedTransport([
            .response(503, Self.errorDocument("SlowDown", "Please reduce your request rate.")),
            .response(503, Self.errorDocument("SlowDown", "Please reduce your request rate.")), .response(200, page),
        ])
        let client = try S3Fixture.client(transport)
        let listed = try client.listObjectsV2(bucket: "logs", prefix: "day/", maxKeys: 1000)
        XCTAssertEqual(listed, S3ListPage(objects: [.init(key: "k1", size: 3, etag: "e1")], isTruncated: false))
        XCTAssertEqual(transport.requests.count, 3)
        XCTAssertEqual(client.retryPolicy.classify(S3Error(operation: "x", bucket: "b", key: nil, code: "SlowDown", message: "", httpStatus: 503, requestID: nil)), .throttling)
    }

    func testA503WithoutADocumentIsTransientAndRetried() throws {
        let transport = ScriptedTransport([.response(503, Data()), .response(200, Data())])
        let client = try S3Fixture.client(transport)
        try client.headBucket("logs")
        XCTAssertEqual(transport.requests.map(\.method), ["HEAD", "HEAD"])
    }

    func testAccessDeniedIsNotRetried() throws {
        let transport = ScriptedTransport([], fallback: .response(403, Self.errorDocument("AccessDenied", "Access Denied")))
        let client = try S3Fixture.client(transport)
        XCTAssertThrowsError(try client.getObject(bucket: "logs", key: "k")) { XCTAssertEqual(($0 as? S3Error)?.code, "AccessDenied") }
        XCTAssertEqual(transport.requests.count, 1)
    }

    func testAHeadAnswerWithoutABodyIsNamedByTheCall() throws {
        let missing = try S3Fixture.client(ScriptedTransport([], fallback: .response(404, Data())))
        XCTAssertThrowsError(try missing.headBucket("gone")) { error in
            XCTAssertEqual(error as? S3Error, S3Error(
                operation: "HeadBucket", bucket: "gone", key: nil, code: "NoSuchBucket", message: "The specified bucket does not exist",
                httpStatus: 404, requestID: nil))
        }
        let denied = try S3Fixture.client(ScriptedTransport([], fallback: .response(403, Data())))
        XCTAssertThrowsError(try denied.headBucket("theirs")) { XCTAssertEqual(($0 as? S3Error)?.code, "AccessDenied") }
    }

    func testListingDecodesURLEncodedKeysAndUnquotesETags() throws {
        let page = Data("""
            <ListBucketResult><EncodingType>url</EncodingType><IsTruncated>true</IsTruncated>
            <Contents><Key>day/a%20b%2Bc%C3%BC</Key><Size>12</Size><ETag>&quot;9b2cf535f27731c974343645a3985328&quot;</ETag></Contents>
            <Contents><Key>day/x+y</Key><Size>0</Size><ETag>"d41d8cd98f00b204e9800998ecf8427e-2"</ETag></Contents>
            </ListBucketResult>
            """.utf8)
        let transport = ScriptedTransport([.response(200, page)])
        let listed = try S3Fixture.client(transport).listObjectsV2(bucket: "logs", prefix: "day/", startAfter: "day/0 1", maxKeys: 2)
        XCTAssertEqual(listed.objects.map(\.key), ["day/a b+cü", "day/x y"])
        XCTAssertEqual(listed.objects.map(\.etag), ["9b2cf535f27731c974343645a3985328", "d41d8cd98f00b204e9800998ecf8427e-2"])
        XCTAssertEqual(listed.objects.map(\.size), [12, 0])
        XCTAssertTrue(listed.isTruncated)
        let query = try XCTUnwrap(transport.requests.first?.url.query)
        XCTAssertEqual(
            Set(query.split(separator: "&").map(String.init)),
            ["list-type=2", "encoding-type=url", "max-keys=2", "prefix=day%2F", "start-after=day%2F0%201"])
    }
}
