import Foundation

/// Everything `.conf/reservation.json` holds: the cluster of one directory.
///
/// The file is versioned by `schema`; see README "reservation.json". The hand-written
/// Essentia custom form (`id`, `pem`, `ip_list`, `user`) is read too, see `CustomClusterForm`.
public struct ClusterState: Codable, Sendable, Equatable {
    /// The schema this build writes and reads.
    public static let currentSchema = 1

    public var schema: Int
    public var provider: ProviderKind
    /// Tags every resource `ess` makes for this cluster (`ess:cluster`).
    public var clusterID: String
    public var region: String?
    public var keyName: String?
    /// The private key: an absolute path, or a bare name looked up as NAME.pem in `.conf/` then `ESS_AWS_DIR`.
    /// No pem means ssh-agent or the default keys.
    public var pem: String?
    /// The user SSH logs in as. A file that names none gets its provider's default user when
    /// it is read (see `ClusterStateCodec.decode(_:defaultUser:)`).
    public var user: String
    public var securityGroup: String?
    /// Which node address SSH uses.
    public var sshAddress: AddressChoice
    /// Provider-only knobs the cluster was created with (ec2: `image_id`, `subnet_id`,
    /// `ssh_cidr`), so that `create --add` and every later command use the same ones.
    public var providerSettings: [String: String]
    public var reservations: [Reservation]
    /// Launches asked for whose nodes are not recorded yet (see `PendingLaunch`); the file
    /// names none when there are none.
    public var launches: [PendingLaunch]

    public init(
        provider: ProviderKind, clusterID: String, region: String? = nil, keyName: String? = nil,
        pem: String? = nil, user: String, securityGroup: String? = nil,
        sshAddress: AddressChoice = .public, providerSettings: [String: String] = [:], reservations: [Reservation] = [],
        launches: [PendingLaunch] = []
    ) {
        self.schema = Self.currentSchema
        self.provider = provider
        self.clusterID = clusterID
        self.region = region
        self.keyName = keyName
        self.pem = pem
        self.user = user
        self.securityGroup = securityGroup
        self.sshAddress = sshAddress
        self.providerSettings = providerSettings
        self.reservations = reservations
        self.launches = launches
    }

    enum CodingKeys: String, CodingKey {
        case schema, provider, region, pem, user, reservations, launches
        case clusterID = "cluster_id"
        case keyName = "key_name"
        case securityGroup = "security_group"
        case sshAddress = "ssh_address"
        case providerSettings = "provider_settings"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        schema = try c.decode(Int.self, forKey: .schema)
        provider = try c.decode(ProviderKind.self, forKey: .provider)
        clusterID = try c.decode(String.self, forKey: .clusterID)
        region = try c.decodeIfPresent(String.self, forKey: .region)
        keyName = try c.decodeIfPresent(String.self, forKey: .keyName)
        pem = try c.decodeIfPresent(String.self, forKey: .pem)
        // Empty until the codec fills in the provider's default; the validator refuses an empty user.
        user = try c.decodeIfPresent(String.self, forKey: .user) ?? ""
        securityGroup = try c.decodeIfPresent(String.self, forKey: .securityGroup)
        sshAddress = try c.decodeIfPresent(AddressChoice.self, forKey: .sshAddress) ?? .public
        providerSettings = try c.decodeIfPresent([String: String].self, forKey: .providerSettings) ?? [:]
        reservations = try c.decodeIfPresent([Reservation].self, forKey: .reservations) ?? []
        launches = try c.decodeIfPresent([PendingLaunch].self, forKey: .launches) ?? []
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(schema, forKey: .schema)
        try c.encode(provider, forKey: .provider)
        try c.encode(clusterID, forKey: .clusterID)
        try c.encodeIfPresent(region, forKey: .region)
        try c.encodeIfPresent(keyName, forKey: .keyName)
        try c.encodeIfPresent(pem, forKey: .pem)
        try c.encode(user, forKey: .user)
        try c.encodeIfPresent(securityGroup, forKey: .securityGroup)
        try c.encode(sshAddress, forKey: .sshAddress)
        try c.encode(providerSettings, forKey: .providerSettings)
        try c.encode(reservations, forKey: .reservations)
        if !launches.isEmpty { try c.encode(launches, forKey: .launches) }
    }

    /// Every node of every reservation, in file order.
    public var nodes: [Node] { reservations.flatMap(\.nodes) }

    /// The cluster has at least one reservation.
    public var hasNodes: Bool { !reservations.isEmpty }

    /// The reservation with this id, if the cluster has it.
    public func reservation(_ id: String) -> Reservation? {
        reservations.first { $0.id == id }
    }

    /// The address SSH uses for a node of this cluster.
    public func address(of node: Node) -> String? {
        node.address(sshAddress)
    }

    /// Replaces the node with the same id, wherever it is.
    public mutating func update(node: Node) {
        for r in reservations.indices {
            if let n = reservations[r].nodes.firstIndex(where: { $0.id == node.id }) {
                reservations[r].nodes[n] = node
            }
        }
    }
}
