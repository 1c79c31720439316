import ClusterModel
import EC2
import Foundation

/// What the provider looks up once and remembers: the VPC, the default image, whether the
/// endpoint knows the `reservation-id` filter.
final class EC2ProviderMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: String?] = [:]

    func value(_ key: String, _ make: () throws -> String?) rethrows -> String? {
        if let known = lock.withLock({ values[key] }) { return known }
        let made = try make()
        lock.withLock { values[key] = .some(made) }
        return made
    }

    func set(_ key: String, _ value: String?) {
        lock.withLock { values[key] = .some(value) }
    }

    func get(_ key: String) -> String?? {
        lock.withLock { values[key] }
    }
}

extension EC2Provider {
    /// The VPC of the configured subnet, else the default VPC, else nil (EC2 decides).
    func clusterVPC() throws -> String? {
        try memo.value("vpc") {
            if let subnetID = settings.subnetID {
                guard let subnet = try client.describeSubnets(ids: [subnetID]).first else {
                    throw EC2ProviderError.noSubnet(id: subnetID, region: region)
                }
                return subnet.vpcID
            }
            return try client.describeVpcs(filters: [EC2Filter("is-default", ["true"])]).first?.id
        }
    }

    /// The configured image, else the newest available Amazon Linux 2023 x86_64 AMI owned by
    /// Amazon, else the newest Amazon Linux 2 one.
    func imageID() throws -> String {
        if let configured = settings.imageID { return configured }
        let found = try memo.value("image") {
            for pattern in ["al2023-ami-2023.*-x86_64", "amzn2-ami-hvm-*-x86_64-gp2"] {
                let images = try client.describeImages(
                    owners: ["amazon"], filters: [EC2Filter("name", [pattern]), EC2Filter("state", ["available"])])
                if let newest = Self.newest(images) { return newest.id }
            }
            return nil
        }
        guard let found else {
            throw EC2ProviderError.noImage(region: region)
        }
        return found
    }

    /// The image with the latest creation date (then the greatest name, for equal dates).
    static func newest(_ images: [EC2Image]) -> EC2Image? {
        images.max { ($0.creationDate, $0.name) < ($1.creationDate, $1.name) }
    }
}
