import ClusterModel
import Foundation
import Platform

/// One line of `ess cluster list`: a cluster known under `ESS_AWS_DIR/ess/clusters`.
public struct ClusterRecord: Codable, Sendable, Equatable {
    public var clusterID: String
    public var directory: String
    public var provider: ProviderKind
    public var region: String?
    public var keyName: String?
    public var reservations: [String]
    public var nodes: Int
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case directory, provider, region, reservations, nodes
        case clusterID = "cluster_id"
        case keyName = "key_name"
        case updatedAt = "updated_at"
    }
}

/// Every cluster's record, so past reservation ids can be found from any directory.
public struct ClusterRegistry: Sendable {
    public let paths: ESSPaths

    public init(paths: ESSPaths) {
        self.paths = paths
    }

    /// Writes (or refreshes) the record of this directory's cluster. Reservations once seen
    /// stay listed, so `ess cluster list` still shows what `remove` forgot.
    public func record(_ state: ClusterState) throws {
        try PrivateFiles.makeDirectory(paths.essDirectory)
        try PrivateFiles.makeDirectory(paths.clustersDirectory)
        var seen = (try? load(state.clusterID))?.reservations ?? []
        for reservation in state.reservations.map(\.id) where !seen.contains(reservation) {
            seen.append(reservation)
        }
        let record = ClusterRecord(
            clusterID: state.clusterID, directory: paths.workingDirectory, provider: state.provider, region: state.region,
            keyName: state.keyName, reservations: seen, nodes: state.nodes.count, updatedAt: Date())
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        try AtomicFile.write(try encoder.encode(record), to: paths.clusterRecord(state.clusterID))
    }

    public func load(_ clusterID: String) throws -> ClusterRecord? {
        guard let data = try PrivateFiles.read(paths.clusterRecord(clusterID)) else { return nil }
        return try Self.decoder.decode(ClusterRecord.self, from: data)
    }

    /// Every record, newest first; unreadable records are skipped.
    public func all() -> [ClusterRecord] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: paths.clustersDirectory)) ?? []
        return names.filter { $0.hasSuffix(".json") }.compactMap { name in
            FileManager.default.contents(atPath: paths.clustersDirectory + "/" + name).flatMap {
                try? Self.decoder.decode(ClusterRecord.self, from: $0)
            }
        }.sorted { $0.updatedAt > $1.updatedAt }
    }

    public func forget(_ clusterID: String) throws {
        try PrivateFiles.remove(paths.clusterRecord(clusterID))
    }

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}
