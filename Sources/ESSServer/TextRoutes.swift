import Foundation
import Hummingbird
import JobAPI
import Jobs

/// `/txt/jobs|ex|workers|nodes`: the same facts as `/v1`, as plain tables for a terminal.
struct TextRoutes: Sendable {
    let master: JobMaster

    func add(to routes: RouteBuilder) {
        routes.add(.get, "/txt/jobs") { request, _ in
            let (from, size) = try request.paging()
            let jobs = try await Blocking.run { try master.jobs(from: from, size: size) }
            var table = PlainTable(header: ["job_id", "name", "ex_id", "_status", "_created"])
            for (job, current) in jobs {
                table.rows.append([String(job.id ?? 0), job.name, current?.id.map(String.init) ?? "-", current?.status.rawValue ?? "-", APIDate.string(job.createdAt)])
            }
            return Answer.text(table.text)
        }
        routes.add(.get, "/txt/ex") { request, _ in
            let (from, size) = try request.paging()
            let statuses = try request.statuses("status")
            let rows = try await Blocking.run {
                try master.executions(status: statuses, from: from, size: size).map { ($0, try master.statistics(of: $0.id ?? 0)) }
            }
            var table = PlainTable(header: ["ex_id", "job_id", "name", "_status", "processed", "failed", "total", "progress", "_created"])
            for (execution, stats) in rows {
                table.rows.append([
                    String(execution.id ?? 0), String(execution.jobID), stats.name, stats.status.rawValue, String(stats.counts.completed),
                    String(stats.counts.failed), stats.total.map(String.init) ?? "-", String(format: "%.2f", stats.progress),
                    APIDate.string(execution.createdAt),
                ])
            }
            return Answer.text(table.text)
        }
        routes.add(.get, "/txt/workers") { _, _ in
            let nodes = try await Blocking.run { try master.clusterState() }
            var table = PlainTable(header: ["node_id", "hostname", "assignment", "ex_id", "job_id", "slices"])
            for node in nodes {
                for active in node.active {
                    table.rows.append([node.node.name, node.node.hostname, "worker", String(active.exID), String(active.jobID), String(active.slices)])
                }
            }
            return Answer.text(table.text)
        }
        routes.add(.get, "/txt/nodes") { _, _ in
            let nodes = try await Blocking.run { try master.clusterState() }
            var table = PlainTable(header: ["node_id", "hostname", "state", "total", "available", "active"])
            for node in nodes {
                table.rows.append([node.node.name, node.node.hostname, node.state.rawValue, String(node.total), String(node.available), String(node.active.count)])
            }
            return Answer.text(table.text)
        }
    }
}
