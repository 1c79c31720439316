/// One RunInstances call: `count` instances (MinCount = MaxCount), tagged for the cluster.
///
/// The ClientToken is part of the request value, so every retry of the call sends the same
/// token and EC2 starts the instances at most once.
public struct RunInstancesRequest: Sendable, Equatable {
    public var clusterID: String
    public var count: Int
    public var clientToken: String
    public var imageID: String
    public var instanceType: String
    public var keyName: String
    public var securityGroupID: String
    public var subnetID: String?

    public init(
        clusterID: String, count: Int, clientToken: String, imageID: String, instanceType: String, keyName: String,
        securityGroupID: String, subnetID: String? = nil
    ) {
        self.clusterID = clusterID
        self.count = count
        self.clientToken = clientToken
        self.imageID = imageID
        self.instanceType = instanceType
        self.keyName = keyName
        self.securityGroupID = securityGroupID
        self.subnetID = subnetID
    }

    /// Instances carry `ess:cluster`, `ess:launch` (the token) and `Name`; volumes the same.
    public var parameters: EC2Parameters {
        var parameters = EC2Parameters()
        parameters.add("ImageId", imageID)
        parameters.add("InstanceType", instanceType)
        parameters.add("MinCount", String(count))
        parameters.add("MaxCount", String(count))
        parameters.add("ClientToken", clientToken)
        parameters.add("KeyName", keyName)
        parameters.add("SecurityGroupId.1", securityGroupID)
        parameters.add("SubnetId", subnetID)
        let tags = [(key: "ess:cluster", value: clusterID), (key: "ess:launch", value: clientToken), (key: "Name", value: "ess-\(clusterID)")]
        parameters.addTagSpecification(1, resourceType: "instance", tags: tags)
        parameters.addTagSpecification(2, resourceType: "volume", tags: tags)
        return parameters
    }
}
