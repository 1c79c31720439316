import AWSCore

/// A subnet, from DescribeSubnets.
public struct EC2Subnet: Sendable, Equatable {
    public var id: String
    public var vpcID: String
    public var cidrBlock: String
    public var availabilityZone: String
    public var isDefaultForAZ: Bool

    public init(item: XMLTree) {
        id = item.string("subnetId") ?? ""
        vpcID = item.string("vpcId") ?? ""
        cidrBlock = item.string("cidrBlock") ?? ""
        availabilityZone = item.string("availabilityZone") ?? ""
        isDefaultForAZ = item.string("defaultForAz") == "true"
    }
}
