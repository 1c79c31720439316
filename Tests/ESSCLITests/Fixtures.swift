import Foundation
import JobAPI

/// Documents as the master sends them, for rendering tests.
enum Fixtures {
    static let spec: SpecDocument = try! JSONDecoder().decode(SpecDocument.self, from: Data("""
        {"name": "count", "command": "wc -l", "variables": {"DAY": "1"}, "inputs": {"range": {"start": 1, "end": 1000, "per_slice": 1}},
         "retries": 2, "output": "stdout"}
        """.utf8))

    static func stats(processed: Int = 412, failed: Int = 2, total: Int? = 1000, rate: Double = 52, eta: Double? = nil) -> ControllerStatistics {
        ControllerStatistics(
            ex_id: "4", job_id: "3", name: "count", workersAvailable: 4, workersActive: 3, workersJoined: 4, workersDisconnected: 0,
            jobDuration: 12, processed: processed, failed: failed, queued: 20, inFlight: 6, retried: 1, total: total, rate: rate, etaSeconds: eta,
            started: "2026-12-02T07:00:00.000Z", queuingComplete: nil)
    }

    static func execution(status: String, stats: ControllerStatistics = stats(), reason: String? = nil) -> ExecutionDocument {
        ExecutionDocument(
            ex_id: "4", job_id: "3", name: "count", operations: OperationDocument.of(spec, kind: "range"), workers: 2, spec: spec,
            variables: ["DAY": "2"], status: status, hasErrors: stats.failed > 0, failureReason: reason, stats: stats,
            progress: 0.414, recoveredExecution: nil, recoverCleanup: nil, slicer: ("127.0.0.1", 5678), created: "2026-12-02T06:59:59.000Z",
            updated: "2026-12-02T07:00:10.000Z", startedAt: "2026-12-02T07:00:00.000Z",
            endedAt: status == "running" ? nil : "2026-12-02T07:00:12.500Z")
    }
}
