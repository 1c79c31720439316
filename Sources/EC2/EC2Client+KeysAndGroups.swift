import Foundation

/// Key pairs and security groups.
extension EC2Client {
    /// Key pairs by name; an unknown name is an `InvalidKeyPair.NotFound` error, so callers
    /// that only want to know use `filters` (`key-name`) instead.
    public func describeKeyPairs(names: [String] = [], filters: [EC2Filter] = []) throws -> [EC2KeyPair] {
        var parameters = EC2Parameters()
        parameters.addList("KeyName", names)
        parameters.addFilters(filters)
        parameters.add("IncludePublicKey", "true")
        return try call("DescribeKeyPairs", parameters).items("keySet").map(EC2KeyPair.init(item:))
    }

    /// Imports an OpenSSH public key line (`ssh-ed25519 AAAA… comment`), tagged.
    public func importKeyPair(name: String, publicKey: String, tags: [(key: String, value: String)]) throws -> EC2KeyPair {
        var parameters = EC2Parameters()
        parameters.add("KeyName", name)
        parameters.add("PublicKeyMaterial", Data(publicKey.utf8).base64EncodedString())
        parameters.addTagSpecification(1, resourceType: "key-pair", tags: tags)
        return EC2KeyPair(item: try call("ImportKeyPair", parameters))
    }

    public func deleteKeyPair(name: String) throws {
        var parameters = EC2Parameters()
        parameters.add("KeyName", name)
        _ = try call("DeleteKeyPair", parameters)
    }

    /// Returns the new group's id.
    public func createSecurityGroup(name: String, description: String, vpcID: String?, tags: [(key: String, value: String)]) throws -> String {
        var parameters = EC2Parameters()
        parameters.add("GroupName", name)
        parameters.add("GroupDescription", description)
        parameters.add("VpcId", vpcID)
        parameters.addTagSpecification(1, resourceType: "security-group", tags: tags)
        return try call("CreateSecurityGroup", parameters).string("groupId") ?? ""
    }

    public func describeSecurityGroups(filters: [EC2Filter] = [], groupIDs: [String] = []) throws -> [EC2SecurityGroup] {
        var parameters = EC2Parameters()
        parameters.addList("GroupId", groupIDs)
        parameters.addFilters(filters)
        return try call("DescribeSecurityGroups", parameters).items("securityGroupInfo").map(EC2SecurityGroup.init(item:))
    }

    /// SSH (tcp 22) from `sshCIDR`, and all traffic from members of the group itself.
    public func authorizeClusterIngress(groupID: String, sshCIDR: String) throws {
        var parameters = EC2Parameters()
        parameters.add("GroupId", groupID)
        parameters.add("IpPermissions.1.IpProtocol", "tcp")
        parameters.add("IpPermissions.1.FromPort", "22")
        parameters.add("IpPermissions.1.ToPort", "22")
        parameters.add("IpPermissions.1.IpRanges.1.CidrIp", sshCIDR)
        parameters.add("IpPermissions.1.IpRanges.1.Description", "ess: SSH")
        parameters.add("IpPermissions.2.IpProtocol", "-1")
        parameters.add("IpPermissions.2.Groups.1.GroupId", groupID)
        _ = try call("AuthorizeSecurityGroupIngress", parameters)
    }

    public func deleteSecurityGroup(id: String) throws {
        var parameters = EC2Parameters()
        parameters.add("GroupId", id)
        _ = try call("DeleteSecurityGroup", parameters)
    }
}
