import Foundation
import JobAPI
import JobModel
import Jobs
import MasterModel

/// Values and facts from the master as the API's documents (Teraslice's field names). A job's
/// and an execution's `workers` are the master's count when the spec names none; an
/// execution's `slicer_hostname` and `slicer_port` are where the master listens.
enum APIDocuments {
    static func job(_ job: Job, current: Execution?, master: JobMaster) throws -> JobDocument {
        let spec = try job.decodedSpec()
        let document = SpecDocument(spec)
        return JobDocument(
            job_id: String(job.id ?? 0), name: job.name, operations: OperationDocument.of(document, kind: spec.inputs.kind),
            workers: master.workers(of: spec, on: current?.clusterID), spec: document, created: APIDate.string(job.createdAt),
            updated: APIDate.string(current.map { max($0.updatedAt, job.updatedAt) } ?? job.updatedAt),
            ex_id: current?.id.map(String.init), status: current?.status.rawValue)
    }

    static func execution(
        _ execution: Execution, _ stats: ExecutionStatistics, master: JobMaster, address: ListenAddress, now: Date = Date()
    ) throws -> ExecutionDocument {
        let spec = try JSONDecoder().decode(JobSpec.self, from: Data(execution.spec.utf8))
        let document = SpecDocument(spec)
        return ExecutionDocument(
            ex_id: String(execution.id ?? 0), job_id: String(execution.jobID), name: document.name,
            operations: OperationDocument.of(document, kind: spec.inputs.kind), workers: master.workers(of: spec, on: execution.clusterID),
            spec: document, variables: document.variables, status: stats.status.rawValue, hasErrors: stats.counts.failed > 0,
            failureReason: execution.failureReason, stats: statistics(stats, now: now), progress: stats.progress,
            recoveredExecution: execution.recoverOf.map(String.init), recoverCleanup: execution.cleanup,
            slicer: (address.hostname, address.port), created: APIDate.string(execution.createdAt),
            updated: APIDate.string(execution.updatedAt), startedAt: execution.startedAt.map(APIDate.string),
            endedAt: execution.endedAt.map(APIDate.string), clusterID: execution.clusterID)
    }

    static func statistics(_ stats: ExecutionStatistics, now: Date = Date()) -> ControllerStatistics {
        let duration = stats.startedAt.map { max(0, (stats.endedAt ?? now).timeIntervalSince($0)) } ?? 0
        return ControllerStatistics(
            ex_id: String(stats.exID), job_id: String(stats.jobID), name: stats.name, workersAvailable: stats.workersAvailable,
            workersActive: stats.workersActive, workersJoined: stats.workersJoined, workersDisconnected: stats.workersDisconnected,
            jobDuration: Int(duration), processed: stats.counts.completed, failed: stats.counts.failed, queued: stats.counts.queued,
            inFlight: stats.counts.inFlight, retried: stats.counts.retried, total: stats.total, rate: (stats.rate * 100).rounded() / 100,
            etaSeconds: stats.etaSeconds.map { ($0 * 10).rounded() / 10 }, started: stats.startedAt.map(APIDate.string),
            queuingComplete: stats.queuingCompleteAt.map(APIDate.string))
    }

    static func history(_ line: HistoryEntry) -> HistoryDocument {
        HistoryDocument(created: APIDate.string(line.createdAt), status: line.status.rawValue, description: line.description, progress: line.progress)
    }

    static func slice(_ slice: ExecutionSlice) -> SliceDocument {
        SliceDocument(
            ex_id: String(slice.exID), slice: slice.index, state: slice.state.rawValue, attempts: slice.attempts, worker: slice.worker,
            exitCode: slice.exitCode, error: slice.error, stderr: slice.stderrTail, input: (try? slice.decodedInput().values) ?? [:],
            startedAt: slice.startedAt.map(APIDate.string), endedAt: slice.endedAt.map(APIDate.string))
    }

    /// A node with the master's `pid`: its workers are connections the master holds, numbered
    /// from 1 in execution order.
    static func node(_ use: NodeUse, pid: Int32) -> NodeStateDocument {
        NodeStateDocument(
            node_id: use.node.name, hostname: use.node.hostname, pid: pid, state: use.state.rawValue, total: use.total,
            available: use.available,
            active: use.active.enumerated().map { index, active in
                NodeStateDocument.Active(worker_id: index + 1, ex_id: String(active.exID), job_id: String(active.jobID), pid: pid, slices: active.slices)
            })
    }
}
