/// One worker node as reservation.json records it.
public struct Node: Codable, Sendable, Equatable {
    /// The provider's instance id (`i-…`; for custom nodes, the address).
    public var id: String
    public var type: String
    public var state: NodeState
    public var privateAddress: String?
    public var publicAddress: String?
    /// The SSH port; 22 unless the provider says otherwise.
    public var port: Int
    /// The host key seen the first time the node answered; every later connection must match it.
    public var hostKey: PinnedHostKey?
    /// The software version found on the node (`~/ess/current/VERSION`), when known.
    public var version: String?

    public init(
        id: String, type: String, state: NodeState, privateAddress: String?, publicAddress: String?,
        port: Int = 22, hostKey: PinnedHostKey? = nil, version: String? = nil
    ) {
        self.id = id
        self.type = type
        self.state = state
        self.privateAddress = privateAddress
        self.publicAddress = publicAddress
        self.port = port
        self.hostKey = hostKey
        self.version = version
    }

    /// Some address of the node: the public one when there is one.
    public var sshAddress: String? { address(.public) }

    /// The address `ess` connects to, as the cluster chooses, falling back to the other one.
    public func address(_ choice: AddressChoice) -> String? {
        switch choice {
        case .public: return publicAddress ?? privateAddress
        case .private: return privateAddress ?? publicAddress
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, type, state, port, version
        case privateAddress = "private_ip"
        case publicAddress = "public_ip"
        case hostKey = "host_key"
    }
}

/// Which of a node's addresses SSH uses: `public` (the default, from outside the cloud's
/// network) or `private` (from inside it: a bastion, a VPN, or the test hosts of the ec2 tests).
public enum AddressChoice: String, Codable, Sendable, CaseIterable {
    case `public`, `private`
}

/// A pinned SSH host key: its type, its blob and its SHA256 fingerprint.
public struct PinnedHostKey: Codable, Sendable, Equatable {
    public var type: String
    public var base64: String
    public var fingerprint: String

    public init(type: String, base64: String, fingerprint: String) {
        self.type = type
        self.base64 = base64
        self.fingerprint = fingerprint
    }
}
