import Foundation
import Platform

/// `.conf/api-cluster.json` in an API cluster's folder: the master that drives it, its id there
/// and its lifecycle status, written by the master at every change so `ess cluster status` in
/// the folder names the same state as `GET /v1/clusters/{id}`.
public struct APIClusterNote: Codable, Sendable, Equatable {
    public var id: Int64
    public var status: String
    /// The master's directory.
    public var master: String

    public init(id: Int64, status: String, master: String) {
        self.id = id
        self.status = status
        self.master = master
    }

    static func path(_ paths: ESSPaths) -> String { paths.confDirectory + "/api-cluster.json" }

    /// The folder's note; nil when it is no API cluster's.
    public static func load(_ paths: ESSPaths) -> APIClusterNote? {
        guard let data = FileManager.default.contents(atPath: path(paths)) else { return nil }
        return try? JSONDecoder().decode(APIClusterNote.self, from: data)
    }

    public func save(_ paths: ESSPaths) throws {
        try PrivateFiles.makeDirectory(paths.confDirectory, mode: 0o755)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try AtomicFile.write(try encoder.encode(self), to: Self.path(paths), mode: 0o644)
    }
}
