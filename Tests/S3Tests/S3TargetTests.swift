import AWSCore
import AWSSigV4
import Foundation
import HTTPClient
import S3
import TestSupport
import XCTest

/// Where requests go in each addressing style, how keys are encoded, and what is signed.
final class S3TargetTests: XCTestCase {
    func testVirtualHostedPutsTheBucketInTheHost() {
        let target = S3Target(endpoint: URL(string: "https://s3.eu-west-3.amazonaws.com")!, style: .virtualHosted, bucket: "logs", key: "2026/12/01/a b+c.gz")
        XCTAssertEqual(target.host, "logs.s3.eu-west-3.amazonaws.com")
        XCTAssertEqual(target.path, "/2026/12/01/a b+c.gz")
        XCTAssertEqual(target.url(query: "").absoluteString, "https://logs.s3.eu-west-3.amazonaws.com/2026/12/01/a%20b%2Bc.gz")
        let bucket = S3Target(endpoint: URL(string: "https://s3.eu-west-3.amazonaws.com")!, style: .virtualHosted, bucket: "logs", key: nil)
        XCTAssertEqual(bucket.url(query: "list-type=2").absoluteString, "https://logs.s3.eu-west-3.amazonaws.com/?list-type=2")
    }

    func testPathStyleKeepsTheHostAndPortAndPutsTheBucketInThePath() {
        let target = S3Target(endpoint: URL(string: "http://127.0.0.1:5000")!, style: .path, bucket: "logs", key: "dir/ü é~_.-")
        XCTAssertEqual(target.host, "127.0.0.1:5000")
        XCTAssertEqual(target.path, "/logs/dir/ü é~_.-")
        XCTAssertEqual(target.encodedPath, "/logs/dir/%C3%BC%20%C3%A9~_.-")
        let bucket = S3Target(endpoint: URL(string: "http://127.0.0.1:5000/base/")!, style: .path, bucket: "logs", key: nil)
        XCTAssertEqual(bucket.path, "/base/logs")
        let defaultPort = S3Target(endpoint: URL(string: "https://minio.example:443")!, style: .path, bucket: "logs", key: "k")
        XCTAssertEqual(defaultPort.host, "minio.example")
    }

    func testABucketThatCannotBeAHostNameGoesPathStyle() {
        let target = S3Target(endpoint: URL(string: "https://s3.us-east-1.amazonaws.com")!, style: .virtualHosted, bucket: "logs.example", key: "k")
        XCTAssertEqual(target.host, "s3.us-east-1.amazonaws.com")
        XCTAssertEqual(target.path, "/logs.example/k")
    }

    func testHeaderSigningNamesS3AndTheBodysHash() throws {
        let transport = ScriptedTransport([.response(200, Data())])
        let client = try S3Fixture.client(transport, style: .path)
        try client.putObject(bucket: "logs", key: "out/part 1", bytes: Array("hello".utf8), contentType: "text/plain")
        let request = try XCTUnwrap(transport.requests.first)
        let headers = Dictionary(request.headers.map { ($0.name.lowercased(), $0.value) }, uniquingKeysWith: { $1 })
        XCTAssertEqual(request.method, "PUT")
        XCTAssertEqual(request.url.absoluteString, "http://127.0.0.1:9000/logs/out/part%201")
        XCTAssertEqual(headers["host"], "127.0.0.1:9000")
        XCTAssertEqual(headers["x-amz-content-sha256"], SigV4Encoding.sha256Hex(Data("hello".utf8)))
        XCTAssertEqual(headers["x-amz-date"], "20150830T123600Z")
        let authorization = try XCTUnwrap(headers["authorization"])
        XCTAssertTrue(authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDS3TEST/20150830/us-east-1/s3/aws4_request, "), authorization)
        XCTAssertTrue(authorization.contains("SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date,"), authorization)
        // The signature is the signer's over the path encoded once (S3's rule) and the body's hash.
        let signer = SigV4Signer(credentials: .init(accessKeyID: "AKIDS3TEST", secretAccessKey: S3Fixture.secret), region: "us-east-1", service: "s3")
        let expected = signer.sign(
            method: "PUT", path: "/logs/out/part 1", query: "",
            headers: [
                (name: "Host", value: "127.0.0.1:9000"), (name: "x-amz-content-sha256", value: SigV4Encoding.sha256Hex(Data("hello".utf8))),
                (name: "Content-Type", value: "text/plain"),
            ], body: Data("hello".utf8), date: S3Fixture.date)
        XCTAssertEqual(expected.last?.value, authorization)
    }

    func testVirtualHostedRequestsSignTheBucketsHost() throws {
        let transport = ScriptedTransport([.response(200, Data())])
        let client = S3Client(
            configuration: try S3Fixture.configuration(), transport: transport, rateLimiter: SharedRateLimiter(clock: { 0 }),
            logger: .init(label: "test"), sleep: { _ in }, now: { S3Fixture.date })
        _ = try client.getObject(bucket: "logs", key: "a/b", range: 10..<20)
        let request = try XCTUnwrap(transport.requests.first)
        XCTAssertEqual(request.url.absoluteString, "https://logs.s3.us-east-1.amazonaws.com/a/b")
        let headers = Dictionary(request.headers.map { ($0.name.lowercased(), $0.value) }, uniquingKeysWith: { $1 })
        XCTAssertEqual(headers["host"], "logs.s3.us-east-1.amazonaws.com")
        XCTAssertEqual(headers["range"], "bytes=10-19")
        XCTAssertEqual(headers["x-amz-content-sha256"], SigV4Encoding.sha256Hex(Data()))
        XCTAssertTrue(headers["authorization"]?.contains("SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,") == true)
    }

    func testPresignedURLsFollowTheAddressingStyle() throws {
        let path = try S3Fixture.client(ScriptedTransport([]), style: .path)
        let pathURL = path.presignedURL(method: "GET", bucket: "logs", key: "a b", expires: 60)
        XCTAssertTrue(pathURL.hasPrefix("http://127.0.0.1:9000/logs/a%20b?X-Amz-Algorithm=AWS4-HMAC-SHA256&"), pathURL)
        XCTAssertTrue(pathURL.contains("X-Amz-Credential=AKIDS3TEST%2F20150830%2Fus-east-1%2Fs3%2Faws4_request"), pathURL)
        XCTAssertTrue(pathURL.contains("X-Amz-Expires=60&"), pathURL)
        let virtual = try S3Fixture.client(ScriptedTransport([]), style: .virtualHosted)
        let virtualURL = virtual.presignedURL(method: "PUT", bucket: "logs", key: "a b", expires: 60)
        XCTAssertTrue(virtualURL.hasPrefix("http://logs.127.0.0.1:9000/a%20b?"), virtualURL)
        // The same request signed by the signer itself, for the host and path of the style.
        let signer = SigV4Signer(credentials: .init(accessKeyID: "AKIDS3TEST", secretAccessKey: S3Fixture.secret), region: "us-east-1", service: "s3")
        XCTAssertEqual(pathURL, signer.presignedURL(method: "GET", scheme: "http", host: "127.0.0.1:9000", path: "/logs/a b", expires: 60, date: S3Fixture.date))
        XCTAssertEqual(virtualURL, signer.presignedURL(method: "PUT", scheme: "http", host: "logs.127.0.0.1:9000", path: "/a b", expires: 60, date: S3Fixture.date))
    }
}
