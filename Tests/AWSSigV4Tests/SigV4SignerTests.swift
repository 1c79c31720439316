import AWSSigV4
import Foundation
import XCTest

/// Cases transcribed from AWS's "aws-sig-v4-test-suite" (docs.aws.amazon.com/general/latest/gr/
/// signature-v4-test-suite.html, also shipped in aws-c-auth/tests/aws-sig-v4-test-suite):
/// get-vanilla, get-vanilla-query-order-key-case, post-vanilla and post-x-www-form-urlencoded,
/// with the suite's fixed credentials, date, region and service.
final class SigV4SignerTests: XCTestCase {
    let suite = SigV4Signer(
        credentials: SigV4Credentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
        region: "us-east-1", service: "service")
    /// 2015-08-30T12:36:00Z.
    let date = Date(timeIntervalSince1970: 1_440_938_160)
    let emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    let baseHeaders: [(name: String, value: String)] = [
        (name: "Host", value: "example.amazonaws.com"), (name: "X-Amz-Date", value: "20150830T123600Z"),
    ]

    func testTimestampSpellings() {
        let time = SigV4Timestamp(date)
        XCTAssertEqual(time.amzDate, "20150830T123600Z")
        XCTAssertEqual(time.dateStamp, "20150830")
    }

    // get-vanilla
    func testGetVanillaCanonicalRequest() {
        let canonical = suite.canonicalRequest(method: "GET", path: "/", query: "", headers: baseHeaders, payloadHash: emptyHash)
        XCTAssertEqual(
            canonical.text,
            "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n\(emptyHash)")
        XCTAssertEqual(canonical.signedHeaders, "host;x-amz-date")
    }

    func testGetVanillaStringToSign() {
        let canonical = suite.canonicalRequest(method: "GET", path: "/", query: "", headers: baseHeaders, payloadHash: emptyHash)
        XCTAssertEqual(
            suite.stringToSign(canonicalRequest: canonical.text, time: SigV4Timestamp(date)),
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
                + "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63")
    }

    func testSigningKeyIsTheHMACChain() {
        // Computed independently with Python's hmac module over the same four steps.
        let key = suite.signingKey(time: SigV4Timestamp(date))
        let hex = key.withUnsafeBytes { SigV4Encoding.hex($0) }
        XCTAssertEqual(hex, "938127b5336810ddb6a5d6af445fcac9e371f9ed418ed386b022aed82901be75")
        let otherDay = suite.signingKey(time: SigV4Timestamp(date.addingTimeInterval(86_400)))
        XCTAssertNotEqual(otherDay.withUnsafeBytes { SigV4Encoding.hex($0) }, hex)
    }

    func testGetVanillaSignatureAndAuthorization() {
        let time = SigV4Timestamp(date)
        let canonical = suite.canonicalRequest(method: "GET", path: "/", query: "", headers: baseHeaders, payloadHash: emptyHash)
        let signature = suite.signature(stringToSign: suite.stringToSign(canonicalRequest: canonical.text, time: time), time: time)
        XCTAssertEqual(signature, "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
        XCTAssertEqual(
            suite.authorizationHeader(signedHeaders: canonical.signedHeaders, signature: signature, time: time),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                + "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
    }

    // get-vanilla-query-order-key-case
    func testQueryOrderKeyCase() {
        let canonical = suite.canonicalRequest(
            method: "GET", path: "/", query: "Param2=value2&Param1=value1", headers: baseHeaders, payloadHash: emptyHash)
        XCTAssertEqual(
            canonical.text,
            "GET\n/\nParam1=value1&Param2=value2\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n\(emptyHash)")
        XCTAssertTrue(authorization(method: "GET", query: "Param2=value2&Param1=value1", headers: [], body: "")
            .hasSuffix("Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"))
    }

    // post-vanilla
    func testPostVanilla() {
        XCTAssertEqual(
            authorization(method: "POST", query: "", headers: [], body: ""),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                + "SignedHeaders=host;x-amz-date, Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b")
    }

    // post-x-www-form-urlencoded
    func testPostFormURLEncoded() {
        let time = SigV4Timestamp(date)
        let headers = [(name: "Content-Type", value: "application/x-www-form-urlencoded")] + baseHeaders
        let bodyHash = SigV4Encoding.sha256Hex(Data("Param1=value1".utf8))
        XCTAssertEqual(bodyHash, "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e")
        let canonical = suite.canonicalRequest(method: "POST", path: "/", query: "", headers: headers, payloadHash: bodyHash)
        XCTAssertEqual(
            canonical.text,
            "POST\n/\n\ncontent-type:application/x-www-form-urlencoded\nhost:example.amazonaws.com\n"
                + "x-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n\(bodyHash)")
        XCTAssertEqual(
            suite.stringToSign(canonicalRequest: canonical.text, time: time),
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
                + "42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281")
        XCTAssertEqual(
            authorization(method: "POST", query: "", headers: [(name: "Content-Type", value: "application/x-www-form-urlencoded")], body: "Param1=value1"),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-date, Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a")
    }

    /// An EC2 Query POST with a session token. The expected header was produced once with
    /// botocore 1.43.11: `SigV4Auth(Credentials("AKIDEXAMPLE", <suite secret>, "session-token-example"),
    /// "ec2", "us-east-1").add_auth(...)` on the same request, with `botocore.auth.get_current_datetime`
    /// patched to 2015-08-30 12:36:00.
    func testEC2PostWithSessionTokenMatchesBotocore() {
        let signer = SigV4Signer(
            credentials: SigV4Credentials(
                accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                sessionToken: "session-token-example"),
            region: "us-east-1", service: "ec2")
        let signed = signer.sign(
            method: "POST", path: "/", query: "",
            headers: [
                (name: "Content-Type", value: "application/x-www-form-urlencoded; charset=utf-8"),
                (name: "Host", value: "ec2.us-east-1.amazonaws.com"),
            ],
            body: Data("Action=DescribeInstances&Version=2016-11-15".utf8), date: date)
        let byName = Dictionary(signed.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        XCTAssertEqual(byName["X-Amz-Security-Token"], "session-token-example")
        XCTAssertEqual(byName["X-Amz-Date"], "20150830T123600Z")
        XCTAssertEqual(
            byName["Authorization"],
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/ec2/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, "
                + "Signature=90acdadbd462a6b9f78f181a15126daa843f3f7229215b22afab1cd372d56a7a")
    }

    func testCredentialsDescriptionHidesSecretAndToken() {
        let credentials = SigV4Credentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG", sessionToken: "tok-secret")
        for text in ["\(credentials)", String(reflecting: credentials)] {
            XCTAssertFalse(text.contains("wJalrXUtnFEMI"))
            XCTAssertFalse(text.contains("tok-secret"))
            XCTAssertTrue(text.contains("AKIDEXAMPLE"))
        }
    }

    func testURIEncoding() {
        XCTAssertEqual(SigV4Encoding.uriEncode("a b/c~d*é"), "a%20b%2Fc~d%2A%C3%A9")
        XCTAssertEqual(SigV4Encoding.uriEncode("/a b/c", keepSlash: true), "/a%20b/c")
    }

    /// `sign` with the suite's fixed host and date; returns the Authorization header.
    private func authorization(method: String, query: String, headers: [(name: String, value: String)], body: String) -> String {
        let signed = suite.sign(
            method: method, path: "/", query: query,
            headers: headers + [(name: "Host", value: "example.amazonaws.com")], body: Data(body.utf8), date: date)
        return signed.first { $0.name == "Authorization" }?.value ?? ""
    }
}
