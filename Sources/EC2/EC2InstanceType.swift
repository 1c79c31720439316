import AWSCore

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
