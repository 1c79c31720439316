import ClusterModel
import Foundation

/// What the local provider's inventory keeps for one instance (`instances/i-…/instance.json`).
struct LocalInstanceRecord: Codable, Sendable {
    var id: String
    var reservationID: String
    var clusterID: String
    var type: String
    var address: String
    var port: Int
    var pid: Int32
    var keyName: String
    var clientToken: String
    var launchedAt: Date
    var terminating: Bool

    enum CodingKeys: String, CodingKey {
        case id, type, address, port, pid, terminating
        case reservationID = "reservation_id"
        case clusterID = "cluster_id"
        case keyName = "key_name"
        case clientToken = "client_token"
        case launchedAt = "launched_at"
    }

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return encoder
    }()
}
