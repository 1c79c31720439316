import AWSSigV4
import Foundation
import TestSupport
import XCTest

/// The presigner against the two references moto cannot be (it accepts any signature, even an
/// expired one): the example of S3's "Authenticating Requests: Using Query Parameters (AWS
/// Signature Version 4)" page, and botocore's `generate_presigned_url` for the same
/// credentials, clock, method and key, compared byte for byte.
final class SigV4PresignTests: XCTestCase {
    /// The documentation's example: its key pair, 2013-05-24T00:00:00Z, 86400 s.
    let example = SigV4Signer(
        credentials: SigV4Credentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        region: "us-east-1", service: "s3")
    let exampleDate = Date(timeIntervalSince1970: 1_369_353_600)

    func testTheDocumentationsExampleURL() {
        let url = example.presignedURL(method: "GET", scheme: "https", host: "examplebucket.s3.amazonaws.com", path: "/test.txt", expires: 86400, date: exampleDate)
        XCTAssertEqual(
            url,
            "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z"
                + "&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404")
        // The page's canonical request and string to sign, stage by stage.
        let query = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
            + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
        let canonical = example.canonicalRequest(
            method: "GET", path: "/test.txt", query: query, headers: [(name: "host", value: "examplebucket.s3.amazonaws.com")],
            payloadHash: SigV4Signer.unsignedPayload)
        XCTAssertEqual(canonical.text, "GET\n/test.txt\n\(query)\nhost:examplebucket.s3.amazonaws.com\n\nhost\nUNSIGNED-PAYLOAD")
        XCTAssertEqual(
            example.stringToSign(canonicalRequest: canonical.text, time: SigV4Timestamp(exampleDate)),
            "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n3bfa292879f6447bbcda7001decf97f4a54dc650c8942174ae0a9121cf58ad04")
    }

    func testValidityIsHeldToWhatS3Accepts() {
        let long = example.presignedURL(method: "GET", scheme: "https", host: "h", path: "/k", expires: 10_000_000, date: exampleDate)
        XCTAssertTrue(long.contains("&X-Amz-Expires=604800&"), long)
        let none = example.presignedURL(method: "GET", scheme: "https", host: "h", path: "/k", expires: 0, date: exampleDate)
        XCTAssertTrue(none.contains("&X-Amz-Expires=1&"), none)
    }

    func testARedactedURLKeepsNoSignatureOrCredential() {
        let url = example.presignedURL(method: "PUT", scheme: "http", host: "127.0.0.1:5000", path: "/b/k", expires: 60, date: exampleDate)
        XCTAssertEqual(SigV4Signer.redacted(url), "http://127.0.0.1:5000/b/k")
        XCTAssertEqual(SigV4Signer.redacted("http://h/k"), "http://h/k")
    }

    /// One request both signers make.
    struct Case {
        var method: String, operation: String, region: String, endpoint: String?, style: String
        var bucket: String, key: String, expires: Int
        var token: String?
    }

    func testByteForByteWhatBotocoreMakes() throws {
        let cases = [
            Case(method: "GET", operation: "get_object", region: "us-east-1", endpoint: nil, style: "virtual", bucket: "examplebucket", key: "test.txt", expires: 86400),
            Case(method: "PUT", operation: "put_object", region: "eu-west-1", endpoint: "http://127.0.0.1:5123", style: "path", bucket: "reports",
                 key: "2026-12-01/part-000007", expires: 600, token: "FQoGZXIvYXdzE/+=token"),
            Case(method: "GET", operation: "get_object", region: "us-west-2", endpoint: "http://127.0.0.1:5123", style: "path", bucket: "logs",
                 key: "a dir/ü+x&y=z~(1)*!'.gz", expires: 3600),
            Case(method: "HEAD", operation: "head_object", region: "ap-southeast-2", endpoint: nil, style: "virtual", bucket: "my-bucket", key: "deep/er/key.txt", expires: 1),
            Case(method: "DELETE", operation: "delete_object", region: "us-east-1", endpoint: "https://s3.example.test", style: "path", bucket: "b", key: "staging/1.2/x", expires: 900, token: "t"),
        ]
        // 2026-12-07T10:11:12Z.
        let date = Date(timeIntervalSince1970: 1_796_638_272)
        let ours = cases.map { one -> String in
            let signer = SigV4Signer(
                credentials: SigV4Credentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: one.token),
                region: one.region, service: "s3")
            if let endpoint = one.endpoint, let url = URL(string: endpoint), let host = url.host {
                let authority = url.port.map { "\(host):\($0)" } ?? host
                return signer.presignedURL(method: one.method, scheme: url.scheme ?? "https", host: authority, path: "/\(one.bucket)/\(one.key)", expires: one.expires, date: date)
            }
            let host = one.region == "us-east-1" ? "\(one.bucket).s3.amazonaws.com" : "\(one.bucket).s3.\(one.region).amazonaws.com"
            return signer.presignedURL(method: one.method, scheme: "https", host: host, path: "/\(one.key)", expires: one.expires, date: date)
        }
        let request = try JSONSerialization.data(withJSONObject: cases.map { one -> [String: Any] in
            ["operation": one.operation, "region": one.region, "endpoint": one.endpoint ?? NSNull(), "style": one.style,
             "bucket": one.bucket, "key": one.key, "expires": one.expires, "token": one.token ?? NSNull()]
        })
        let script = """
            import datetime, json, sys
            import botocore.auth, botocore.session
            from botocore.config import Config
            botocore.auth.get_current_datetime = lambda: datetime.datetime(2026, 12, 7, 10, 11, 12)
            session = botocore.session.get_session()
            for case in json.loads(sys.argv[1]):
                client = session.create_client("s3", region_name=case["region"], endpoint_url=case["endpoint"],
                    aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                    aws_session_token=case["token"], config=Config(signature_version="s3v4", s3={"addressing_style": case["style"]}))
                print(client.generate_presigned_url(case["operation"], Params={"Bucket": case["bucket"], "Key": case["key"]}, ExpiresIn=case["expires"]))
            """
        let theirs = try TestTool.run("/usr/bin/env", ["python3", "-c", script, String(decoding: request, as: UTF8.self)],
                                      environment: ["AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null"])
        let lines = theirs.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, cases.count, theirs)
        for (index, line) in lines.enumerated() where index < ours.count {
            XCTAssertEqual(ours[index], line, "case \(index): \(cases[index].method) \(cases[index].key)")
        }
    }
}
