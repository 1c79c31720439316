import AWSCore
import ClusterModel
import EC2
import Foundation
import Logging
import Platform

/// Amazon EC2 (or an emulator such as moto) behind the `Provider` protocol.
///
/// Everything it makes carries the tag `ess:cluster`; instances also `ess:launch` (the
/// launch's client token) and `Name`. Calls block; share one provider between threads freely.
public struct EC2Provider: Provider {
    public let kind = ProviderKind.ec2
    public var defaultUser: String { Self.loginUser }
    /// The user of Amazon Linux images, and of a cluster file that names none.
    public static let loginUser = "ec2-user"
    /// EC2's instance-state names.
    public static let stateTable = ProviderStateTable([
        "pending": .pending, "running": .running, "shutting-down": .terminating,
        "terminated": .terminated, "stopping": .stopping, "stopped": .stopped,
    ])
    public let settings: EC2Settings
    public let client: EC2Client
    let pacing: EC2Pacing
    let logger: Logger
    let memo = EC2ProviderMemo()

    public var region: String { client.configuration.region }

    /// `cancellation`, when given, cuts the client's retry sleeps and the provider's waits short
    /// once it is raised (Ctrl-C), so the command can record what exists and stop.
    public init(configuration: AWSConfiguration, settings: EC2Settings, logger: Logger, cancellation: CancellationFlag? = nil) {
        guard let cancellation else {
            self.init(client: EC2Client(configuration: configuration, logger: logger), settings: settings, pacing: EC2Pacing(), logger: logger)
            return
        }
        let sleep: @Sendable (Double) -> Void = { cancellation.sleep($0) }
        self.init(
            client: EC2Client(configuration: configuration, logger: logger, sleep: sleep), settings: settings,
            pacing: EC2Pacing(sleep: sleep, cancelled: { cancellation.isCancelled }), logger: logger)
    }

    /// With a client and pacing of the caller's (tests: a fake transport, no real sleeping).
    public init(client: EC2Client, settings: EC2Settings, pacing: EC2Pacing, logger: Logger) {
        self.client = client
        self.settings = settings
        self.pacing = pacing
        self.logger = logger
    }

    public func instanceType(_ name: String) throws -> InstanceTypeInfo? {
        let unknown = ProviderError.unknownInstanceType(name: name, provider: kind, region: region, known: nil)
        do {
            guard let found = try client.describeInstanceTypes([name]).first(where: { $0.name == name }) else { throw unknown }
            return InstanceTypeInfo(name: found.name, cpus: found.vcpus, memoryMiB: found.memoryMiB)
        } catch let error as EC2Error where error.code == "InvalidInstanceType" || error.code == "InvalidParameterValue" {
            throw unknown
        } catch {
            throw mapped(error)
        }
    }

    public func ensureKeyPair(name: String, publicKey: String, clusterID: String) throws {
        try translating {
            if let existing = try client.describeKeyPairs(filters: [EC2Filter("key-name", [name])]).first(where: { $0.name == name }) {
                try check(existing, publicKey: publicKey, clusterID: clusterID)
                return
            }
            do {
                _ = try client.importKeyPair(name: name, publicKey: publicKey, tags: [(key: "ess:cluster", value: clusterID)])
            } catch let error as EC2Error where error.code == "InvalidKeyPair.Duplicate" {
                // Imported meanwhile by another `ess`: fine if it is the same key.
                guard let existing = try client.describeKeyPairs(filters: [EC2Filter("key-name", [name])]).first else { throw error }
                try check(existing, publicKey: publicKey, clusterID: clusterID)
            }
        }
    }

    /// An existing key pair is ours only with the same public key and cluster tag.
    private func check(_ existing: EC2KeyPair, publicKey: String, clusterID: String) throws {
        if let tagged = existing.tags["ess:cluster"], tagged != clusterID {
            throw EC2ProviderError.keyPairOfOtherCluster(name: existing.name, region: region, owner: tagged, cluster: clusterID)
        }
        if let material = existing.publicKey, Self.keyBody(material) != Self.keyBody(publicKey) {
            throw EC2ProviderError.keyPairDiffers(name: existing.name, region: region, fingerprint: existing.fingerprint)
        }
    }

    /// `type base64`, without the comment.
    static func keyBody(_ line: String) -> String {
        line.split(separator: " ").prefix(2).joined(separator: " ")
    }

    public func ensureSecurityGroup(name: String, clusterID: String) throws -> String {
        try translating {
            let vpcID = try clusterVPC()
            var filters = [EC2Filter("group-name", [name]), EC2Filter("tag:ess:cluster", [clusterID])]
            if let vpcID { filters.append(EC2Filter("vpc-id", [vpcID])) }
            if let existing = try client.describeSecurityGroups(filters: filters).first {
                // A crash between CreateSecurityGroup and its rules leaves a group nobody can
                // SSH through: finish it. A complete group costs no call.
                if !existing.allowsSSH || !existing.allowsItself {
                    try authorize(groupID: existing.id, cidr: sshCIDR(for: name))
                }
                return existing.id
            }
            let cidr = try sshCIDR(for: name)
            let groupID: String
            do {
                groupID = try client.createSecurityGroup(
                    name: name, description: "ess cluster \(clusterID)", vpcID: vpcID, tags: [(key: "ess:cluster", value: clusterID)])
            } catch let error as EC2Error where error.code == "InvalidGroup.Duplicate" {
                // A retry of our own call whose answer was lost finds the group it made: tagged with the cluster.
                if let made = try client.describeSecurityGroups(filters: filters).first {
                    try authorize(groupID: made.id, cidr: cidr)
                    return made.id
                }
                throw EC2ProviderError.securityGroupUntagged(name: name, place: vpcID ?? region, cluster: clusterID, requestID: error.requestID)
            }
            try authorize(groupID: groupID, cidr: cidr)
            return groupID
        }
    }

    /// Who may SSH in: the setting, else what the lookup finds (asked only when needed).
    func sshCIDR(for group: String) throws -> String {
        guard let cidr = try settings.sshCIDR ?? settings.sshCIDRLookup?() else {
            throw EC2ProviderError.noSSHCIDR(group: group)
        }
        return cidr
    }

    /// The group's two rules: SSH from the configured CIDR, all traffic from the group itself.
    func authorize(groupID: String, cidr: String) throws {
        do {
            try client.authorizeClusterIngress(groupID: groupID, sshCIDR: cidr)
        } catch let error as EC2Error where error.code == "InvalidPermission.Duplicate" {
            logger.debug("security group rules already present", metadata: ["group": "\(groupID)"])
        }
    }

    public func stop(instanceIDs: [String]) throws {
        try translating { try client.stopInstances(instanceIDs) }
    }

    public func start(instanceIDs: [String]) throws {
        try translating { try client.startInstances(instanceIDs) }
    }

    /// Terminates the instances. An id EC2 no longer knows (terminated long ago, say by a
    /// terminate that was killed before it could record it) is already what was asked for:
    /// the rest are terminated, so a rerun always finishes the job.
    public func terminate(instanceIDs: [String]) throws {
        try translating {
            do {
                try client.terminateInstances(instanceIDs)
            } catch let error as EC2Error where error.code == "InvalidInstanceID.NotFound" {
                let known = try poll(instanceIDs).filter { $0.state != .terminated }.map(\.id)
                logger.debug("terminate: some ids are gone", metadata: ["gone": "\(instanceIDs.count - known.count)"])
                try client.terminateInstances(known)
            }
        }
    }

    public func deleteKeyPair(name: String, clusterID: String) throws {
        try translating {
            guard let existing = try client.describeKeyPairs(filters: [EC2Filter("key-name", [name])]).first(where: { $0.name == name }) else {
                return
            }
            if let tagged = existing.tags["ess:cluster"], tagged != clusterID {
                throw EC2ProviderError.keyPairKept(name: name, owner: tagged, cluster: clusterID)
            }
            try client.deleteKeyPair(name: name)
        }
    }

    /// The neutral view of an EC2 instance.
    static func instance(_ instance: EC2Instance) -> ProviderInstance {
        ProviderInstance(
            id: instance.id, reservationID: instance.reservationID, type: instance.type, rawState: instance.state,
            state: stateTable.state(for: instance.state), privateAddress: instance.privateIP,
            publicAddress: instance.publicIP, port: 22, clusterTag: instance.tags["ess:cluster"], keyName: instance.keyName,
            launchedAt: instance.launchTime)
    }

    func mapped(_ error: Error) -> Error {
        EC2ProviderError.from(error, context: EC2CallContext(configuration: client.configuration))
    }

    /// Runs `body`, turning EC2 and transport errors into `EC2ProviderError`s.
    func translating<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw mapped(error)
        }
    }
}
