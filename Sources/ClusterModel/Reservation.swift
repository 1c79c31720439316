import Foundation

/// One launch request's nodes, as EC2 groups them.
public struct Reservation: Codable, Sendable, Equatable {
    /// `r-…`.
    public var id: String
    public var type: String
    public var createdAt: Date?
    public var nodes: [Node]

    public init(id: String, type: String, createdAt: Date?, nodes: [Node]) {
        self.id = id
        self.type = type
        self.createdAt = createdAt
        self.nodes = nodes
    }

    enum CodingKeys: String, CodingKey {
        case id, type, nodes
        case createdAt = "created_at"
    }
}
