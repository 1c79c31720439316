import Foundation

/// A key pair as DescribeKeyPairs or ImportKeyPair answers.
public struct EC2KeyPair: Sendable, Equatable {
    public var name: String
    public var id: String?
    public var fingerprint: String?
    /// Only with `IncludePublicKey=true`.
    public var publicKey: String?
    public var tags: [String: String]

    public init(item: XMLTree) {
        name = item.string("keyName") ?? ""
        id = item.string("keyPairId")
        fingerprint = item.string("keyFingerprint")
        publicKey = item.string("publicKey")
        tags = EC2Tags.decode(item)
    }
}

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

/// An instance type's size, from DescribeInstanceTypes.
public struct EC2InstanceType: Sendable, Equatable {
    public var name: String
    public var vcpus: Int
    public var memoryMiB: Int

    public init(item: XMLTree) {
        name = item.string("instanceType") ?? ""
        vcpus = Int(item.string("vCpuInfo", "defaultVCpus") ?? "") ?? 0
        memoryMiB = Int(item.string("memoryInfo", "sizeInMiB") ?? "") ?? 0
    }
}

/// An AMI, from DescribeImages.
public struct EC2Image: Sendable, Equatable {
    public var id: String
    public var name: String
    public var state: String
    /// ISO 8601 text; compares in time order as text.
    public var creationDate: String

    public init(item: XMLTree) {
        id = item.string("imageId") ?? ""
        name = item.string("name") ?? ""
        state = item.string("imageState") ?? ""
        creationDate = item.string("creationDate") ?? ""
    }
}

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
