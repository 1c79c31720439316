import ClusterModel
import EC2
import Foundation
import HTTPClient

/// Turns what the EC2 layer throws into `ProviderError`s that say what to do.
enum EC2ProviderErrors {
    static func map(_ error: Error, configuration: AWSConfiguration) -> Error {
        switch error {
        case let error as ProviderError:
            return error
        case let error as EC2Error:
            return map(error, configuration: configuration)
        case let error as HTTPTransportError:
            return map(error, configuration: configuration)
        default:
            return error
        }
    }

    static func map(_ error: EC2Error, configuration: AWSConfiguration) -> ProviderError {
        let id = error.requestID.map { ", request id \($0)" } ?? ""
        let said = "\(error.code): \(error.message)\(id)"
        switch error.code {
        case "AuthFailure", "InvalidClientTokenId", "SignatureDoesNotMatch", "UnrecognizedClientException", "InvalidAccessKeyId":
            return ProviderError(
                .failed,
                "EC2 rejected the credentials (\(said)); check the access key (\(configuration.credentials.accessKeyID) from "
                    + "\(configuration.credentialSource)) and its secret, and that this machine's clock is right")
        case "UnauthorizedOperation":
            return ProviderError(
                .failed,
                "the credentials may not call \(error.action) (\(said)); grant ec2:\(error.action) to the IAM user or role of "
                    + "access key \(configuration.credentials.accessKeyID)")
        case "OptInRequired", "PendingVerification":
            return ProviderError(.failed, "the account cannot use EC2 in \(configuration.region) yet (\(said)); finish its sign-up or opt in to the region")
        case let code where code.hasPrefix("InvalidAMIID"):
            return ProviderError(
                .failed, "the image (AMI) is not usable in \(configuration.region) (\(said)); configure another image id, or none to pick Amazon Linux")
        case "InvalidInstanceType":
            return ProviderError(.unknownInstanceType, "EC2 does not know this instance type in \(configuration.region) (\(said)); pick another with --type")
        case "InstanceLimitExceeded", "VcpuLimitExceeded", "InsufficientInstanceCapacity", "MaxSpotInstanceCountExceeded":
            return ProviderError(
                .limit, "EC2 cannot start that many instances now (\(said)); ask for fewer, another type, or a higher quota in the Service Quotas console")
        case let code where RetryPolicy.throttlingCodes.contains(code):
            let policy = RetryPolicy(configuration: configuration)
            return ProviderError(
                .failed,
                "EC2 kept throttling \(error.action) (\(said)) through up to \(policy.maxThrottledAttempts) attempts within "
                    + "\(Int(policy.throttleWindow)) s; wait a few minutes for the account's request rate to recover and run the command again"
                    + (policy.sharedBudget ? ", or raise AWS_MAX_ATTEMPTS (or unset it for ess's default of 25 attempts when throttled)" : ""))
        case EC2Error.unreadableResponse:
            return ProviderError(
                .failed, "the endpoint \(configuration.endpoint.absoluteString) did not answer like EC2 (\(error.message)); check AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_EC2")
        default:
            return ProviderError(.failed, "EC2 \(error.action) failed (\(said))")
        }
    }

    static func map(_ error: HTTPTransportError, configuration: AWSConfiguration) -> ProviderError {
        let endpoint = configuration.endpoint.absoluteString
        let overridden = "check the network, or AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_EC2 if you use an emulator"
        switch error.kind {
        case .resolve:
            return ProviderError(.failed, "cannot resolve the EC2 endpoint \(endpoint) (\(error.detail)); \(overridden)")
        case .connect:
            return ProviderError(.failed, "cannot reach the EC2 endpoint \(endpoint) (\(error.detail)); \(overridden)")
        case .timeout:
            return ProviderError(.failed, "the EC2 endpoint \(endpoint) did not answer in time (\(error.detail)); \(overridden)")
        case .tls:
            return ProviderError(.failed, "the TLS connection to the EC2 endpoint \(endpoint) failed (\(error.detail)); check the system's CA certificates and any proxy")
        case .connectionLost, .other:
            return ProviderError(.failed, "the request to the EC2 endpoint \(endpoint) failed (\(error.detail)); \(overridden)")
        }
    }
}
