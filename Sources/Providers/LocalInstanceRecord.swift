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
    /// Stopped with `ess cluster stop`: the daemon is down on purpose, the folder kept.
    var stopped: Bool = false

    enum CodingKeys: String, CodingKey {
        case id, type, address, port, pid, terminating, stopped
        case reservationID = "reservation_id"
        case clusterID = "cluster_id"
        case keyName = "key_name"
        case clientToken = "client_token"
        case launchedAt = "launched_at"
    }

    init(
        id: String, reservationID: String, clusterID: String, type: String, address: String, port: Int,
        pid: Int32, keyName: String, clientToken: String, launchedAt: Date, terminating: Bool
    ) {
        self.id = id
        self.reservationID = reservationID
        self.clusterID = clusterID
        self.type = type
        self.address = address
        self.port = port
        self.pid = pid
        self.keyName = keyName
        self.clientToken = clientToken
        self.launchedAt = launchedAt
        self.terminating = terminating
    }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        reservationID = try c.decode(String.self, forKey: .reservationID)
        clusterID = try c.decode(String.self, forKey: .clusterID)
        type = try c.decode(String.self, forKey: .type)
        address = try c.decode(String.self, forKey: .address)
        port = try c.decode(Int.self, forKey: .port)
        pid = try c.decode(Int32.self, forKey: .pid)
        keyName = try c.decode(String.self, forKey: .keyName)
        clientToken = try c.decode(String.self, forKey: .clientToken)
        launchedAt = try c.decode(Date.self, forKey: .launchedAt)
        terminating = try c.decode(Bool.self, forKey: .terminating)
        stopped = try c.decodeIfPresent(Bool.self, forKey: .stopped) ?? false
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
