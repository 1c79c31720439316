/// Read-only look-ups: instance types, images, subnets, VPCs.
extension EC2Client {
    public func describeInstanceTypes(_ names: [String]) throws -> [EC2InstanceType] {
        var parameters = EC2Parameters()
        parameters.addList("InstanceType", names)
        return try call("DescribeInstanceTypes", parameters).items("instanceTypeSet").map(EC2InstanceType.init(item:))
    }

    public func describeImages(owners: [String] = [], filters: [EC2Filter] = []) throws -> [EC2Image] {
        var parameters = EC2Parameters()
        parameters.addList("Owner", owners)
        parameters.addFilters(filters)
        return try call("DescribeImages", parameters).items("imagesSet").map(EC2Image.init(item:))
    }

    public func describeSubnets(ids: [String] = [], filters: [EC2Filter] = []) throws -> [EC2Subnet] {
        var parameters = EC2Parameters()
        parameters.addList("SubnetId", ids)
        parameters.addFilters(filters)
        return try call("DescribeSubnets", parameters).items("subnetSet").map(EC2Subnet.init(item:))
    }

    public func describeVpcs(filters: [EC2Filter] = []) throws -> [EC2Vpc] {
        var parameters = EC2Parameters()
        parameters.addFilters(filters)
        return try call("DescribeVpcs", parameters).items("vpcSet").map(EC2Vpc.init(item:))
    }
}
