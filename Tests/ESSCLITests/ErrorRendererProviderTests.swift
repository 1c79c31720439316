import AWSCore
import ClusterModel
import EC2
@testable import ESSCLI
import HTTPClient
import Providers
import XCTest

/// The sentences and codes of the providers' facts: what any provider refuses, the local
/// provider's inventory, and EC2's answers with their region, endpoint and access key.
final class ErrorRendererProviderTests: XCTestCase {
    func testProviderRefusals() {
        assertRendered(
            ProviderError.unknownInstanceType(name: "z9", provider: .local, region: "local", known: ["t2.micro", "m3.medium"]),
            "instance type `z9` is not one the local provider knows; use one of t2.micro, m3.medium", code: 64)
        assertRendered(
            ProviderError.unknownInstanceType(name: "m9.bogus", provider: .ec2, region: "us-east-1", known: nil),
            "instance type `m9.bogus` does not exist in us-east-1; pick one that does (e.g. t3.micro, m5.large; "
                + "`aws ec2 describe-instance-types` lists them)", code: 64)
        assertRendered(
            ProviderError.unknownReservations(ids: ["r-1", "r-2"], provider: .local, region: "local", endpoint: nil),
            "reservation r-1, r-2 is not known to the local provider; `ess cluster list` shows the reservations of every cluster", code: 64)
        assertRendered(
            ProviderError.unknownReservations(ids: ["r-1"], provider: .ec2, region: "eu-west-3", endpoint: "http://127.0.0.1:5000"),
            "reservation r-1 is not known to EC2 in eu-west-3 at http://127.0.0.1:5000; check the id and the region "
                + "(`ess cluster list` shows the reservations of every cluster)", code: 64)
        assertRendered(
            ProviderError.unsupported(.custom, .launch),
            "the custom provider cannot start machines: list them by hand in .conf/reservation.json (`ip_list`), or use `--provider local` or `ec2`",
            code: 64)
        assertRendered(
            ProviderError.unsupported(.custom, .adopt),
            "the custom provider has no reservations to adopt: add the machines' addresses to `ip_list` in .conf/reservation.json", code: 64)
        for operation in [ProviderOperation.stop, .start] {
            assertRendered(
                ProviderError.unsupported(.custom, operation), "custom machines are yours, not ess's; stop and start them yourself", code: 64)
        }
        assertRendered(
            ProviderError.unsupported(.custom, .terminate),
            "custom machines are yours, not ess's, and are never terminated by it; `ess cluster reset` forgets them", code: 64)
    }

    func testLocalProviderFacts() {
        assertRendered(
            LocalProviderError.keyPairDiffers(name: "c1"),
            "key pair `c1` already exists with a different public key; run `ess cluster terminate --all` for the old cluster, "
                + "or `ess cluster reset` and create again", code: 1)
        assertRendered(
            LocalProviderError.noKeyPair(name: "c1"),
            "key pair `c1` does not exist in the local provider; run `ess cluster create` again to import it", code: 1)
        assertRendered(LocalProviderError.noSecurityGroup(name: "g1"), "security group `g1` does not exist in the local provider", code: 1)
        assertRendered(LocalProviderError.noFreeAddress, "no free loopback address was found for another local node", code: 1)
        assertRendered(LocalProviderError.unknownInstances(ids: ["i-1", "i-2"]), "instance i-1, i-2 is not known to the local provider", code: 1)
        assertRendered(
            LocalProviderError.securityGroupInUse(name: "g1", nodes: 2), "security group `g1` is still in use by 2 nodes (DependencyViolation)", code: 1)
    }

    static let context = EC2CallContext(
        region: "us-east-1", endpoint: "http://127.0.0.1:5000", accessKeyID: "AKIDEXAMPLE", credentialSource: "the environment",
        retryPolicy: RetryPolicy())

    static func rejected(_ code: String, action: String = "RunInstances", policy: RetryPolicy = RetryPolicy()) -> EC2ProviderError {
        var context = Self.context
        context.retryPolicy = policy
        return .rejected(EC2Error(action: action, code: code, message: "m", requestID: "req-1", httpStatus: 400), context)
    }

    func testEC2AnswersSayWhatToDo() {
        let said = { (code: String) in "\(code): m, request id req-1" }
        assertRendered(
            Self.rejected("AuthFailure"),
            "EC2 rejected the credentials (\(said("AuthFailure"))); check the access key (AKIDEXAMPLE from the environment) and its secret, "
                + "and that this machine's clock is right", code: 1)
        assertRendered(
            Self.rejected("UnauthorizedOperation"),
            "the credentials may not call RunInstances (\(said("UnauthorizedOperation"))); grant ec2:RunInstances to the IAM user or role of "
                + "access key AKIDEXAMPLE", code: 1)
        assertRendered(
            Self.rejected("OptInRequired"),
            "the account cannot use EC2 in us-east-1 yet (\(said("OptInRequired"))); finish its sign-up or opt in to the region", code: 1)
        assertRendered(
            Self.rejected("InvalidAMIID.NotFound"),
            "the image (AMI) is not usable in us-east-1 (\(said("InvalidAMIID.NotFound"))); configure another image id, or none to pick Amazon Linux",
            code: 1)
        assertRendered(
            Self.rejected("InvalidInstanceType"),
            "EC2 does not know this instance type in us-east-1 (\(said("InvalidInstanceType"))); pick another with --type", code: 64)
        assertRendered(
            Self.rejected("VcpuLimitExceeded"),
            "EC2 cannot start that many instances now (\(said("VcpuLimitExceeded"))); ask for fewer, another type, or a higher quota in the "
                + "Service Quotas console", code: 1)
        assertRendered(
            Self.rejected("RequestLimitExceeded", action: "DescribeInstances"),
            "EC2 kept throttling DescribeInstances (\(said("RequestLimitExceeded"))) through up to 25 attempts within 120 s; wait a few minutes for "
                + "the account's request rate to recover and run the command again", code: 1)
        assertRendered(
            Self.rejected("Throttling", action: "DescribeInstances", policy: RetryPolicy(maxAttempts: 4)),
            "EC2 kept throttling DescribeInstances (\(said("Throttling"))) through up to 4 attempts within 120 s; wait a few minutes for "
                + "the account's request rate to recover and run the command again, or raise AWS_MAX_ATTEMPTS (or unset it for ess's default of "
                + "25 attempts when throttled)", code: 1)
        assertRendered(
            Self.rejected(EC2Error.unreadableResponse),
            "the endpoint http://127.0.0.1:5000 did not answer like EC2 (m); check AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_EC2", code: 1)
        assertRendered(Self.rejected("InvalidParameterValue"), "EC2 RunInstances failed (\(said("InvalidParameterValue")))", code: 1)
    }

    func testEC2EndpointsThatDoNotAnswer() {
        let endpoint = "http://127.0.0.1:9"
        let overridden = "check the network, or AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_EC2 if you use an emulator"
        let failure = { (kind: HTTPTransportError.Kind) in
            EC2ProviderError.unreachable(HTTPTransportError(kind: kind, url: endpoint + "/", detail: "d", code: 7), endpoint: endpoint)
        }
        assertRendered(failure(.resolve), "cannot resolve the EC2 endpoint http://127.0.0.1:9 (d); \(overridden)", code: 1)
        assertRendered(failure(.connect), "cannot reach the EC2 endpoint http://127.0.0.1:9 (d); \(overridden)", code: 1)
        assertRendered(failure(.timeout), "the EC2 endpoint http://127.0.0.1:9 did not answer in time (d); \(overridden)", code: 1)
        assertRendered(
            failure(.tls), "the TLS connection to the EC2 endpoint http://127.0.0.1:9 failed (d); check the system's CA certificates and any proxy",
            code: 1)
        assertRendered(failure(.connectionLost), "the request to the EC2 endpoint http://127.0.0.1:9 failed (d); \(overridden)", code: 1)
        assertRendered(
            EC2ProviderError.launchUnconfirmed(cause: failure(.connectionLost), clientToken: "tok-3"),
            "the request to the EC2 endpoint http://127.0.0.1:9 failed (d); \(overridden); it may still have started instances "
                + "(tagged ess:launch=tok-3): `ess cluster status` finds them by that tag and records them, and `ess cluster terminate` ends them", code: 1)
    }

    func testEC2AccountFacts() {
        let fix = "delete it (`aws ec2 delete-key-pair --key-name k`) or run `ess cluster terminate --all` for the cluster that made it"
        assertRendered(EC2ProviderError.noAnswer(instances: 3), "no answer from EC2 while waiting for 3 instance(s)", code: 1)
        assertRendered(
            EC2ProviderError.keyPairOfOtherCluster(name: "k", region: "us-east-1", owner: "other", cluster: "c1"),
            "key pair `k` in us-east-1 belongs to cluster other, not c1; \(fix)", code: 1)
        assertRendered(
            EC2ProviderError.keyPairDiffers(name: "k", region: "us-east-1", fingerprint: nil),
            "key pair `k` in us-east-1 exists with a different public key (fingerprint unknown); \(fix)", code: 1)
        assertRendered(
            EC2ProviderError.keyPairKept(name: "k", owner: "other", cluster: "c1"), "key pair `k` belongs to cluster other, not c1; it was left in place",
            code: 1)
        assertRendered(
            EC2ProviderError.securityGroupUntagged(name: "ess-c1", place: "vpc-1", cluster: "c1", requestID: nil),
            "a security group named `ess-c1` exists in vpc-1 but is not tagged ess:cluster=c1; delete it or rename the cluster (request id none)",
            code: 1)
        assertRendered(
            EC2ProviderError.securityGroupInUse(name: "ess-c1", id: "sg-1", waited: 120, requestID: "req-1"),
            "security group `ess-c1` (sg-1) is still in use after 120 s (DependencyViolation, request id req-1); wait until its instances are "
                + "terminated (`ess cluster status`), then run `ess cluster terminate --all` again", code: 1)
        assertRendered(
            EC2ProviderError.noSSHCIDR(group: "ess-c1"),
            "no CIDR is set to allow SSH from, so the security group `ess-c1` cannot be made; set one (e.g. 203.0.113.7/32)", code: 1)
        assertRendered(
            EC2ProviderError.noSubnet(id: "subnet-1", region: "us-east-1"), "subnet subnet-1 does not exist in us-east-1; configure another subnet or none",
            code: 1)
        assertRendered(
            EC2ProviderError.noImage(region: "us-east-1"), "no Amazon Linux image was found in us-east-1; configure an image id (AMI) to launch", code: 1)
    }
}
