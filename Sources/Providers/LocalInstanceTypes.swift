import ClusterModel

/// The local provider's sizes: EC2 names, so that a cluster file moves between providers
/// unchanged. Local nodes share this machine; the figures are recorded and shown, not enforced.
public enum LocalInstanceTypes {
    public static let all: [InstanceTypeInfo] = [
        InstanceTypeInfo(name: "t2.micro", cpus: 1, memoryMiB: 1024),
        InstanceTypeInfo(name: "t2.small", cpus: 1, memoryMiB: 2048),
        InstanceTypeInfo(name: "t2.medium", cpus: 2, memoryMiB: 4096),
        InstanceTypeInfo(name: "t3.micro", cpus: 2, memoryMiB: 1024),
        InstanceTypeInfo(name: "t3.small", cpus: 2, memoryMiB: 2048),
        InstanceTypeInfo(name: "t3.medium", cpus: 2, memoryMiB: 4096),
        InstanceTypeInfo(name: "m3.medium", cpus: 1, memoryMiB: 3840),
        InstanceTypeInfo(name: "m3.large", cpus: 2, memoryMiB: 7680),
        InstanceTypeInfo(name: "m5.large", cpus: 2, memoryMiB: 8192),
        InstanceTypeInfo(name: "m5.xlarge", cpus: 4, memoryMiB: 16384),
        InstanceTypeInfo(name: "c5.large", cpus: 2, memoryMiB: 4096),
        InstanceTypeInfo(name: "r5.large", cpus: 2, memoryMiB: 16384),
    ]

    public static func named(_ name: String) -> InstanceTypeInfo? {
        all.first { $0.name == name }
    }
}
