/// Essentia's hand-written custom form of reservation.json:
/// `{"id": "mycluster", "pem": "mykey", "ip_list": ["10.0.0.5", "10.0.0.6:2222"], "user": "ubuntu"}`.
public struct CustomClusterForm: Decodable, Sendable {
    public var id: String
    public var pem: String?
    public var ipList: [String]
    public var user: String?

    enum CodingKeys: String, CodingKey {
        case id, pem, user
        case ipList = "ip_list"
    }

    /// The same cluster in the full schema: provider `custom`, one reservation named after `id`,
    /// one node per address (its id is the address).
    public func clusterState() throws -> ClusterState {
        var nodes: [Node] = []
        for (i, entry) in ipList.enumerated() {
            guard let (host, port) = HostAddress.split(entry), HostAddress.isPlausible(host) else {
                throw StateProblem(field: "ip_list[\(i)]", expected: "an address or address:port, found `\(entry.prefix(60))`")
            }
            nodes.append(Node(id: entry, type: "custom", state: .running, privateAddress: host, publicAddress: host, port: port))
        }
        let state = ClusterState(
            provider: .custom, clusterID: id, pem: pem, user: user ?? ClusterState.defaultUser,
            reservations: nodes.isEmpty ? [] : [Reservation(id: id, type: "custom", createdAt: nil, nodes: nodes)])
        try ClusterStateValidator.validate(state)
        return state
    }
}
