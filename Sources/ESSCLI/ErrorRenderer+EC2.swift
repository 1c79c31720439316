import AWSCore
import EC2
import HTTPClient
import Providers

/// Words what EC2 and the AWS configuration report: the AWS code and request id, the region,
/// endpoint and access key, with what to do (in AWS's terms and ess's flags).
extension ErrorRenderer {
    static func message(for error: EC2ProviderError) -> String {
        let requestID = { (id: String?) in id ?? "none" }
        switch error {
        case .rejected(let answer, let context):
            return message(for: answer, context)
        case .unreachable(let failure, let endpoint):
            return message(for: failure, endpoint: endpoint)
        case .noAnswer(let instances):
            return "no answer from EC2 while waiting for \(instances) instance(s)"
        case .keyPairOfOtherCluster(let name, let region, let owner, let cluster):
            return "key pair `\(name)` in \(region) belongs to cluster \(owner), not \(cluster); \(keyPairFix(name))"
        case .keyPairDiffers(let name, let region, let fingerprint):
            return "key pair `\(name)` in \(region) exists with a different public key (fingerprint \(fingerprint ?? "unknown")); \(keyPairFix(name))"
        case .keyPairKept(let name, let owner, let cluster):
            return "key pair `\(name)` belongs to cluster \(owner), not \(cluster); it was left in place"
        case .securityGroupUntagged(let name, let place, let cluster, let id):
            return "a security group named `\(name)` exists in \(place) but is not tagged ess:cluster=\(cluster); "
                + "delete it or rename the cluster (request id \(requestID(id)))"
        case .securityGroupInUse(let name, let groupID, let waited, let id):
            return "security group `\(name)` (\(groupID)) is still in use after \(waited) s (DependencyViolation, request id \(requestID(id))); "
                + "wait until its instances are terminated (`ess cluster status`), then run `ess cluster terminate --all` again"
        case .noSSHCIDR(let group):
            return "no CIDR is set to allow SSH from, so the security group `\(group)` cannot be made; set one (e.g. 203.0.113.7/32)"
        case .noSubnet(let id, let region):
            return "subnet \(id) does not exist in \(region); configure another subnet or none"
        case .noImage(let region):
            return "no Amazon Linux image was found in \(region); configure an image id (AMI) to launch"
        case .launchUnconfirmed(let cause, let token):
            return "\(message(for: cause)); it may still have started instances (tagged ess:launch=\(token)): "
                + "`ess cluster status` finds them by that tag and records them, and `ess cluster terminate` ends them"
        }
    }

    static func keyPairFix(_ name: String) -> String {
        "delete it (`aws ec2 delete-key-pair --key-name \(name)`) or run `ess cluster terminate --all` for the cluster that made it"
    }

    /// EC2's answer, quoted with its code and request id, and what to do about that code.
    static func message(for answer: EC2Error, _ context: EC2CallContext) -> String {
        let id = answer.requestID.map { ", request id \($0)" } ?? ""
        let said = "\(answer.code): \(answer.message)\(id)"
        let region = context.region
        switch answer.code {
        case "AuthFailure", "InvalidClientTokenId", "SignatureDoesNotMatch", "UnrecognizedClientException", "InvalidAccessKeyId":
            return "EC2 rejected the credentials (\(said)); check the access key (\(context.accessKeyID) from \(context.credentialSource)) "
                + "and its secret, and that this machine's clock is right"
        case "UnauthorizedOperation":
            return "the credentials may not call \(answer.action) (\(said)); grant ec2:\(answer.action) to the IAM user or role of "
                + "access key \(context.accessKeyID)"
        case "OptInRequired", "PendingVerification":
            return "the account cannot use EC2 in \(region) yet (\(said)); finish its sign-up or opt in to the region"
        case let code where code.hasPrefix("InvalidAMIID"):
            return "the image (AMI) is not usable in \(region) (\(said)); configure another image id, or none to pick Amazon Linux"
        case "InvalidInstanceType":
            return "EC2 does not know this instance type in \(region) (\(said)); pick another with --type"
        case "InstanceLimitExceeded", "VcpuLimitExceeded", "InsufficientInstanceCapacity", "MaxSpotInstanceCountExceeded":
            return "EC2 cannot start that many instances now (\(said)); ask for fewer, another type, or a higher quota in the Service Quotas console"
        case let code where RetryPolicy.throttlingCodes.contains(code):
            let policy = context.retryPolicy
            return "EC2 kept throttling \(answer.action) (\(said)) through up to \(policy.maxThrottledAttempts) attempts within "
                + "\(Int(policy.throttleWindow)) s; wait a few minutes for the account's request rate to recover and run the command again"
                + (policy.sharedBudget ? ", or raise AWS_MAX_ATTEMPTS (or unset it for ess's default of 25 attempts when throttled)" : "")
        case EC2Error.unreadableResponse:
            return "the endpoint \(context.endpoint) did not answer like EC2 (\(answer.message)); check AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_EC2"
        default:
            return "EC2 \(answer.action) failed (\(said))"
        }
    }

    /// A call to EC2 that got no answer.
    static func message(for failure: HTTPTransportError, endpoint: String) -> String {
        let overridden = "check the network, or AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_EC2 if you use an emulator"
        switch failure.kind {
        case .resolve:
            return "cannot resolve the EC2 endpoint \(endpoint) (\(failure.detail)); \(overridden)"
        case .connect:
            return "cannot reach the EC2 endpoint \(endpoint) (\(failure.detail)); \(overridden)"
        case .timeout:
            return "the EC2 endpoint \(endpoint) did not answer in time (\(failure.detail)); \(overridden)"
        case .tls:
            return "the TLS connection to the EC2 endpoint \(endpoint) failed (\(failure.detail)); check the system's CA certificates and any proxy"
        case .connectionLost, .other:
            return "the request to the EC2 endpoint \(endpoint) failed (\(failure.detail)); \(overridden)"
        }
    }

    static func message(for error: AWSConfigurationError) -> String {
        switch error {
        case .missingCredentials:
            return "\(error), or pass --credentials FILE (the access key CSV the IAM console downloads)"
        case .unreadableCredentialsCSV:
            return "\(error); check the path given to --credentials"
        default:
            return "\(error)"
        }
    }

    static func message(for error: CallerAddress.LookupError) -> String {
        "could not find this machine's public address (\(error)); set the CIDR allowed to SSH with --ssh-cidr or ESS_SSH_CIDR (e.g. 203.0.113.7/32)"
    }
}
