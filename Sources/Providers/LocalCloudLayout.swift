/// Where the local provider keeps its inventory: one folder per instance, key pair and group.
///
/// ```
/// ROOT/lock                      serialises launches and terminations on this machine
/// ROOT/instances/i-…/            instance.json, sshd_config, host key, authorized_keys, home/, sshd.log
/// ROOT/keypairs/NAME.pub         public keys (the local equivalent of EC2 key pairs)
/// ROOT/security-groups/NAME      the local equivalent of a security group (a marker)
/// ```
public struct LocalCloudLayout: Sendable {
    public let root: String

    public init(root: String) {
        self.root = root
    }

    var lock: String { root + "/lock" }
    var instances: String { root + "/instances" }
    var keyPairs: String { root + "/keypairs" }
    var securityGroups: String { root + "/security-groups" }

    func instance(_ id: String) -> String { instances + "/" + id }
    func record(_ id: String) -> String { instance(id) + "/instance.json" }
    func keyPair(_ name: String) -> String { keyPairs + "/" + name + ".pub" }
    func securityGroup(_ name: String) -> String { securityGroups + "/" + name }
}
