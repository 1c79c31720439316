import ClusterModel
import Providers

/// Words what any provider refuses, and the local provider's own failures.
extension ErrorRenderer {
    static func message(for error: ProviderError) -> String {
        switch error {
        case .unknownInstanceType(let name, .ec2, let region, _):
            return "instance type `\(name)` does not exist in \(region); pick one that does (e.g. t3.micro, m5.large; "
                + "`aws ec2 describe-instance-types` lists them)"
        case .unknownInstanceType(let name, let provider, _, let known):
            return "instance type `\(name)` is not one the \(provider.rawValue) provider knows; use one of \((known ?? []).joined(separator: ", "))"
        case .unknownReservations(let ids, .ec2, let region, let endpoint):
            return "reservation \(ids.joined(separator: ", ")) is not known to EC2 in \(region) at \(endpoint ?? "its endpoint"); "
                + "check the id and the region (`ess cluster list` shows the reservations of every cluster)"
        case .unknownReservations(let ids, let provider, _, _):
            return "reservation \(ids.joined(separator: ", ")) is not known to the \(provider.rawValue) provider; `ess cluster list` shows the reservations of every cluster"
        case .unsupported(let provider, let operation):
            return message(unsupported: operation, by: provider)
        }
    }

    /// What a provider that owns no machines (custom) does not do, and what to do instead.
    static func message(unsupported operation: ProviderOperation, by provider: ProviderKind) -> String {
        let name = provider.rawValue
        switch operation {
        case .launch:
            return "the \(name) provider cannot start machines: list them by hand in .conf/reservation.json (`ip_list`), or use `--provider local` or `ec2`"
        case .adopt:
            return "the \(name) provider has no reservations to adopt: add the machines' addresses to `ip_list` in .conf/reservation.json"
        case .stop, .start:
            return "\(name) machines are yours, not ess's; stop and start them yourself"
        case .terminate:
            return "\(name) machines are yours, not ess's, and are never terminated by it; `ess cluster reset` forgets them"
        }
    }

    static func message(for error: LocalProviderError) -> String {
        switch error {
        case .keyPairDiffers(let name):
            return "key pair `\(name)` already exists with a different public key; run `ess cluster terminate --all` for the old cluster, "
                + "or `ess cluster reset` and create again"
        case .noKeyPair(let name):
            return "key pair `\(name)` does not exist in the local provider; run `ess cluster create` again to import it"
        case .noSecurityGroup(let name):
            return "security group `\(name)` does not exist in the local provider"
        case .noFreeAddress:
            return "no free loopback address was found for another local node"
        case .unknownInstances(let ids):
            return "instance \(ids.joined(separator: ", ")) is not known to the local provider"
        case .securityGroupInUse(let name, let nodes):
            return "security group `\(name)` is still in use by \(nodes) nodes (DependencyViolation)"
        }
    }
}
