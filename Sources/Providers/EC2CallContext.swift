import AWSCore
import EC2
import Foundation

/// Where the EC2 provider's calls go and as whom, carried by the facts of their failures: the
/// region, the endpoint, the access key id (never its secret) and where it came from, and the
/// retry policy that bounded them.
public struct EC2CallContext: Sendable, Equatable {
    public var region: String
    public var endpoint: String
    public var accessKeyID: String
    /// Where the credentials came from: `the environment`, `profile default in …`.
    public var credentialSource: String
    public var retryPolicy: RetryPolicy

    public init(region: String, endpoint: String, accessKeyID: String, credentialSource: String, retryPolicy: RetryPolicy) {
        self.region = region
        self.endpoint = endpoint
        self.accessKeyID = accessKeyID
        self.credentialSource = credentialSource
        self.retryPolicy = retryPolicy
    }

    public init(configuration: AWSConfiguration) {
        self.init(
            region: configuration.region, endpoint: configuration.endpoint.absoluteString,
            accessKeyID: configuration.credentials.accessKeyID, credentialSource: configuration.credentialSource,
            retryPolicy: RetryPolicy(configuration: configuration))
    }
}
