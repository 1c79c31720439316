import Foundation
import JobModel
import JobStore
import MasterModel

/// The master's worker source when it has API clusters: an execution runs on the cluster its
/// record names (`cluster_id`), through a source made for that cluster's folder; with none
/// (or `ClusterView.ownID`) it runs on the master's own directory's cluster.
public final class ClusterWorkerSource: WorkerSource, @unchecked Sendable {
    let own: any WorkerSource
    let executions: ExecutionStore
    let clusters: ClusterStore
    let makeSource: @Sendable (_ folder: String) throws -> any WorkerSource
    private let lock = NSLock()
    private var sources: [String: any WorkerSource] = [:]

    public init(
        own: any WorkerSource, database: MasterDatabase, makeSource: @escaping @Sendable (_ folder: String) throws -> any WorkerSource
    ) {
        self.own = own
        executions = ExecutionStore(database)
        clusters = ClusterStore(database)
        self.makeSource = makeSource
    }

    public func connect(exID: Int64, spec: JobSpec) throws -> [any WorkerLink] {
        guard let record = try Self.runnable(try executions.execution(exID).clusterID, in: clusters) else { return try own.connect(exID: exID, spec: spec) }
        return try source(for: record.folder).connect(exID: exID, spec: spec)
    }

    public func inventory() throws -> [WorkerNode] { try own.inventory() }

    /// Counted by the source of the cluster's folder; 0 for a cluster that is gone.
    public func workerCount(for spec: JobSpec, on clusterID: Int64?) throws -> Int {
        guard let clusterID, clusterID != ClusterView.ownID else { return try own.workerCount(for: spec, on: nil) }
        guard let record = try? clusters.cluster(clusterID) else { return 0 }
        return try source(for: record.folder).workerCount(for: spec, on: nil)
    }

    /// The own cluster's stamp with those of the API clusters' sources made so far.
    public var inventoryStamp: UInt64 {
        let made = lock.withLock { Array(sources.values) }
        return made.reduce(own.inventoryStamp) { $0 &* 31 &+ $1.inventoryStamp }
    }

    /// The API cluster a job may run on now; nil for the master's own (nil or `ClusterView.ownID`).
    /// Throws `noSuchCluster` or `notRunnable`.
    public static func runnable(_ clusterID: Int64?, in store: ClusterStore) throws -> APICluster? {
        guard let clusterID, clusterID != ClusterView.ownID else { return nil }
        let record: APICluster
        do {
            record = try store.cluster(clusterID)
        } catch StoreError.notFound {
            throw ClusterControllerError.noSuchCluster(clusterID: clusterID)
        }
        let status = try record.life().status
        guard status.acceptsJobs else { throw ClusterControllerError.notRunnable(clusterID: clusterID, status: status) }
        return record
    }

    func source(for folder: String) throws -> any WorkerSource {
        try lock.withLock {
            if let known = sources[folder] { return known }
            let made = try makeSource(folder)
            sources[folder] = made
            return made
        }
    }
}
