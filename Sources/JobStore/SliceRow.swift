import Foundation
import GRDB
import MasterModel

/// A slice as a row of `slices` (keyed by execution and index).
struct SliceRow: FetchableRecord, PersistableRecord {
    static let databaseTableName = "slices"
    var value: ExecutionSlice

    init(_ value: ExecutionSlice) { self.value = value }

    init(row: Row) throws {
        value = ExecutionSlice(
            exID: try row.decode(forColumn: "ex_id"), index: try row.decode(forColumn: "idx"), state: try row.decode(forColumn: "state"),
            input: try row.decode(forColumn: "input"), attempts: try row.decode(forColumn: "attempts"),
            worker: try row.decode(forColumn: "worker"), exitCode: try row.decode(forColumn: "exit_code"),
            error: try row.decode(forColumn: "error"), stderrTail: try row.decode(forColumn: "stderr_tail"),
            startedAt: try row.decode(forColumn: "started_at"), endedAt: try row.decode(forColumn: "ended_at"))
    }

    func encode(to container: inout PersistenceContainer) {
        container["ex_id"] = value.exID
        container["idx"] = value.index
        container["state"] = value.state
        container["input"] = value.input
        container["attempts"] = value.attempts
        container["worker"] = value.worker
        container["exit_code"] = value.exitCode
        container["error"] = value.error
        container["stderr_tail"] = value.stderrTail
        container["started_at"] = value.startedAt
        container["ended_at"] = value.endedAt
    }
}
