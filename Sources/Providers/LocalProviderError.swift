/// The local provider's own failures, as facts about its inventory.
public enum LocalProviderError: Error, Sendable, Equatable {
    /// A key pair of this name exists with another public key.
    case keyPairDiffers(name: String)
    /// The launch names a key pair the inventory does not hold.
    case noKeyPair(name: String)
    /// The launch names a security group the inventory does not hold.
    case noSecurityGroup(name: String)
    /// Every loopback address the provider may use is taken.
    case noFreeAddress
    /// The inventory holds no instance with these ids.
    case unknownInstances(ids: [String])
    /// The security group still has `nodes` nodes.
    case securityGroupInUse(name: String, nodes: Int)
}
