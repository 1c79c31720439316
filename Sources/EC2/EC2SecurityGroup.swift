import AWSCore

/// A security group as DescribeSecurityGroups answers.
public struct EC2SecurityGroup: Sendable, Equatable {
    public var id: String
    public var name: String
    public var vpcID: String?
    public var tags: [String: String]
    /// An ingress rule lets SSH (tcp 22) in from some address range.
    public var allowsSSH: Bool
    /// An ingress rule lets all traffic in from members of the group itself.
    public var allowsItself: Bool

    public init(item: XMLTree) {
        id = item.string("groupId") ?? ""
        name = item.string("groupName") ?? ""
        vpcID = item.string("vpcId")
        tags = EC2Tags.decode(item)
        let rules = item.items("ipPermissions")
        allowsSSH = rules.contains { rule in
            let all = rule.string("ipProtocol") == "-1"
            let tcp22 = rule.string("ipProtocol") == "tcp"
                && (Int(rule.string("fromPort") ?? "") ?? 65536) <= 22 && 22 <= (Int(rule.string("toPort") ?? "") ?? -1)
            return (all || tcp22) && !rule.items("ipRanges").isEmpty
        }
        let groupID = id
        allowsItself = rules.contains { rule in
            rule.string("ipProtocol") == "-1" && rule.items("groups").contains { $0.string("groupId") == groupID }
        }
    }
}
