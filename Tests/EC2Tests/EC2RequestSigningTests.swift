import AWSCore
import AWSSigV4
import EC2
import Foundation
import TestSupport
import XCTest

/// A CreateSecurityGroup whose description and tag hold every character class that needs
/// encoding, checked byte for byte against botocore 1.43: its serializer's body and
/// `SigV4Auth`'s canonical request and signature for the same credentials, headers and date
/// (computed once with Python and pinned here). Issue 9, part 2: the spaces of
/// `GroupDescription` were `%20` in ess's body and `+` in botocore's.
final class EC2RequestSigningTests: XCTestCase {
    let botocoreBody =
        "Action=CreateSecurityGroup&Version=2016-11-15&GroupName=ess-c1"
        + "&GroupDescription=ess+cluster+c1%3A+a%2Bb%2Fc%3Dd~e%2Af%27g%21%28h%29+%C3%A9+%E2%9C%93+100%25+%26+more"
        + "&VpcId=vpc-1&TagSpecification.1.ResourceType=security-group"
        + "&TagSpecification.1.Tag.1.Key=ess%3Acluster&TagSpecification.1.Tag.1.Value=c+1%2F2%3D3%2B4"
    let botocorePayloadHash = "f080e369338f4142a3606f7d8a9ff97cf48518b300508f7683143ffaf8f204f8"
    let botocoreSignature = "f9aa7cd4f217125e5a9e7921fef3851291aa7e7814007c45b27c071960854278"

    var parameters: EC2Parameters {
        var parameters = EC2Parameters()
        parameters.add("GroupName", "ess-c1")
        parameters.add("GroupDescription", "ess cluster c1: a+b/c=d~e*f'g!(h) é ✓ 100% & more")
        parameters.add("VpcId", "vpc-1")
        parameters.addTagSpecification(1, resourceType: "security-group", tags: [(key: "ess:cluster", value: "c 1/2=3+4")])
        return parameters
    }

    func testFormBodyIsBotocoresByteForByte() {
        XCTAssertEqual(parameters.formBody(action: "CreateSecurityGroup", version: EC2Client.apiVersion), botocoreBody)
        XCTAssertEqual(SigV4Encoding.sha256Hex(Data(botocoreBody.utf8)), botocorePayloadHash)
    }

    /// What the client sends: the same body, and botocore's signature over it.
    func testClientSignsWhatBotocoreSigns() throws {
        let transport = ScriptedTransport([])
        let client = EC2Client(
            configuration: try TestConfig.configuration(endpoint: "http://127.0.0.1:5000", key: "AKIDEXAMPLE"), transport: transport,
            rateLimiter: SharedRateLimiter(), logger: TestConfig.logger, now: { Date(timeIntervalSince1970: 1_440_938_160) })
        _ = try client.call("CreateSecurityGroup", parameters)
        let request = try XCTUnwrap(transport.requests.first)
        XCTAssertEqual(String(decoding: request.body, as: UTF8.self), botocoreBody)
        let authorization = request.headers.first { $0.name == "Authorization" }?.value ?? ""
        XCTAssertEqual(
            authorization,
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/ec2/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-date, Signature=\(botocoreSignature)")
    }

    func testCanonicalRequestIsBotocores() {
        let signer = SigV4Signer(
            credentials: SigV4Credentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: TestConfig.secret), region: "us-east-1", service: "ec2")
        let canonical = signer.canonicalRequest(
            method: "POST", path: "/", query: "",
            headers: [
                (name: "Host", value: "127.0.0.1:5000"), (name: "Content-Type", value: "application/x-www-form-urlencoded; charset=utf-8"),
                (name: "X-Amz-Date", value: "20150830T123600Z"),
            ],
            payloadHash: botocorePayloadHash)
        XCTAssertEqual(
            canonical.text,
            "POST\n/\n\ncontent-type:application/x-www-form-urlencoded; charset=utf-8\nhost:127.0.0.1:5000\n"
                + "x-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n\(botocorePayloadHash)")
    }
}
