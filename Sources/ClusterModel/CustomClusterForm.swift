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
    /// one node per address (its id is the address). `defaultUser` is the custom provider's
    /// user for a form that names none.
    public func clusterState(defaultUser: String?) throws -> ClusterState {
        var nodes: [Node] = []
        for (i, entry) in ipList.enumerated() {
            guard let (host, port) = HostAddress.split(entry), HostAddress.isPlausible(host) else {
                throw StateProblem(field: "ip_list[\(i)]", expected: "an address or address:port, found `\(entry.prefix(60))`")
            }
            nodes.append(Node(id: entry, type: "custom", state: .running, privateAddress: host, publicAddress: host, port: port))
        }
        guard let login = user ?? defaultUser else {
            throw StateProblem(field: "user", expected: "a value; the field is missing")
        }
        let state = ClusterState(
            provider: .custom, clusterID: id, pem: pem, user: login,
            reservations: nodes.isEmpty ? [] : [Reservation(id: id, type: "custom", createdAt: nil, nodes: nodes)])
        try ClusterStateValidator.validate(state)
        return state
    }
}
