import AWSCore

/// A VPC, from DescribeVpcs.
public struct EC2Vpc: Sendable, Equatable {
    public var id: String
    public var cidrBlock: String
    public var isDefault: Bool

    public init(item: XMLTree) {
        id = item.string("vpcId") ?? ""
        cidrBlock = item.string("cidrBlock") ?? ""
        isDefault = item.string("isDefault") == "true"
    }
}
