import ClusterModel
import Foundation
import SSH

/// How far `create` waits before it returns.
public enum CreateWait: String, Sendable, CaseIterable {
    /// Returns once the launch is recorded.
    case nothing
    /// Until the provider reports every node running (what `aws ec2 wait instance-running` does).
    case running
    /// Until every node answers SSH, host keys pinned (the default).
    case ssh
}

/// What `create` asks for.
public struct CreateRequest: Sendable {
    public var number: Int
    public var type: String
    public var add: Bool
    /// nil: the directory's provider, or local.
    public var provider: ProviderKind?
    public var wait: CreateWait
    /// Per-node limit on the wait for SSH.
    public var waitTimeout: TimeInterval
    /// Which node address SSH uses; nil keeps the cluster's choice (public for a new one).
    public var sshAddress: AddressChoice?
    /// The login user; nil keeps the cluster's, or the provider's default for a new one.
    public var user: String?

    public init(
        number: Int, type: String, add: Bool, provider: ProviderKind?, wait: CreateWait, waitTimeout: TimeInterval,
        sshAddress: AddressChoice? = nil, user: String? = nil
    ) {
        self.number = number
        self.type = type
        self.add = add
        self.provider = provider
        self.wait = wait
        self.waitTimeout = waitTimeout
        self.sshAddress = sshAddress
        self.user = user
    }
}

/// What `create` did.
public struct CreateOutcome: Sendable {
    public var reservationID: String
    public var nodeIDs: [String]
    /// Node id → why it did not answer SSH.
    public var failures: [String: String]
    /// After an SSH wait: the status of the whole cluster, or with `--add` of the new reservation
    /// alone, the others summed up as last recorded (their nodes are not contacted).
    public var status: ClusterStatus?
}
