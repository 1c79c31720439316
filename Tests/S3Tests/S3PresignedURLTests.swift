import AWSCore
import Foundation
import Platform
import S3
import TestSupport
import XCTest

/// Presigned URLs fetched and uploaded with the real `curl` the workers use, against moto.
/// (moto does not check a presigned URL's signature; the signer's bytes are tested against
/// AWS's example and botocore in AWSSigV4Tests. This checks the host, path and method.)
final class S3PresignedURLTests: XCTestCase {
    var moto: MotoServer!
    var folder: TemporaryDirectory!

    override func setUpWithError() throws {
        try XCTSkipUnless(MotoServer.isInstalled, "moto_server is not installed")
        moto = try MotoServer()
        folder = TemporaryDirectory("ess-s3-presign")
    }

    override func tearDown() {
        moto?.stop()
        folder?.remove()
    }

    func testCurlGetsAndPutsThroughPresignedURLs() throws {
        moto.makeBucket("logs")
        let client = try S3Fixture.client(moto)
        let text = Array("first line\nsecond line\n".utf8)
        try client.putObject(bucket: "logs", key: "2026-12-01/in put.txt", bytes: text)

        let get = client.presignedURL(method: "GET", bucket: "logs", key: "2026-12-01/in put.txt", expires: 300)
        XCTAssertTrue(get.contains("X-Amz-Signature="))
        let fetched = try ChildProcess.run("/usr/bin/env", ["curl", "-sS", "--fail", get])
        XCTAssertEqual(fetched.status, 0, fetched.stderrText)
        XCTAssertEqual([UInt8](fetched.stdout), text)

        // `--upload-file` (a PUT of the file's bytes, as a worker streams its output with `-T -`);
        // `--data-binary` would send a form's content type, whose body moto reads as a form.
        let upload = folder.path + "/part"
        try Data("uploaded by a worker\n".utf8).write(to: URL(fileURLWithPath: upload))
        let put = client.presignedURL(method: "PUT", bucket: "logs", key: "out/staging/part-000001", expires: 300)
        let sent = try ChildProcess.run("/usr/bin/env", ["curl", "-sS", "--fail", "--upload-file", upload, put])
        XCTAssertEqual(sent.status, 0, sent.stderrText)
        XCTAssertEqual(moto.s3("print(s3.get_object(Bucket='logs', Key='out/staging/part-000001')['Body'].read().decode(), end='')"), "uploaded by a worker")
    }
}
