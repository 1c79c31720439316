/// A security group as DescribeSecurityGroups answers.
public struct EC2SecurityGroup: Sendable, Equatable {
    public var id: String
    public var name: String
    public var vpcID: String?
    public var tags: [String: String]

    public init(item: XMLTree) {
        id = item.string("groupId") ?? ""
        name = item.string("groupName") ?? ""
        vpcID = item.string("vpcId")
        tags = EC2Tags.decode(item)
    }
}
