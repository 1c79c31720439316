import ClusterModel
import EC2
import HTTPClient

/// The EC2 provider's own failures, as facts: what EC2 answered (code, message, request id)
/// and where, or what the provider found in the account that stops it.
public enum EC2ProviderError: Error, Sendable, Equatable {
    /// EC2 answered a call with an error.
    case rejected(EC2Error, EC2CallContext)
    /// A call got no HTTP answer from `endpoint`.
    case unreachable(HTTPTransportError, endpoint: String)
    /// The wait for `instances` instances ended without one answer from EC2.
    case noAnswer(instances: Int)
    /// The key pair `name` in `region` is tagged with cluster `owner`, not `cluster`.
    case keyPairOfOtherCluster(name: String, region: String, owner: String, cluster: String)
    /// The key pair `name` in `region` holds another public key.
    case keyPairDiffers(name: String, region: String, fingerprint: String?)
    /// The key pair `name` to delete is tagged with cluster `owner`, not `cluster`; it was left in place.
    case keyPairKept(name: String, owner: String, cluster: String)
    /// A security group `name` exists in `place` (its VPC, else the region) without the tag
    /// ess:cluster=`cluster`.
    case securityGroupUntagged(name: String, place: String, cluster: String, requestID: String?)
    /// The security group is still in use (DependencyViolation) after `waited` seconds of retries.
    case securityGroupInUse(name: String, id: String, waited: Int, requestID: String?)
    /// No CIDR to allow SSH from is set or found, so the security group `group` cannot be made.
    case noSSHCIDR(group: String)
    /// The configured subnet does not exist in `region`.
    case noSubnet(id: String, region: String)
    /// No Amazon Linux image was found in `region` to launch.
    case noImage(region: String)
    /// The launch's attempts ran out with `cause` in a way that leaves open whether it started
    /// instances; any it started carry the tag ess:launch=`clientToken`.
    indirect case launchUnconfirmed(cause: EC2ProviderError, clientToken: String)

    /// The provider's fact for what the EC2 layer threw: EC2's answers and transport failures
    /// with their context; anything else (provider facts among them) as it is.
    static func from(_ error: any Error, context: EC2CallContext) -> any Error {
        switch error {
        case let error as EC2Error: return EC2ProviderError.rejected(error, context)
        case let error as HTTPTransportError: return EC2ProviderError.unreachable(error, endpoint: context.endpoint)
        default: return error
        }
    }
}
