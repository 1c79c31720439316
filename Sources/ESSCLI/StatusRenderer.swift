import ClusterModel
import ESSCore
import Foundation

/// Prints `ClusterStatus` as a table with per-reservation summaries, or as JSON.
enum StatusRenderer {
    /// `note`: the folder is an API cluster of a master, whose lifecycle status it names.
    static func show(_ status: ClusterStatus, json: Bool, note: APIClusterNote? = nil) throws {
        if json {
            try JSONOutput.print(StatusDocument(status, note: note))
            return
        }
        let header = ["RESERVATION", "INSTANCE", "TYPE", "STATE", "PRIVATE IP", "PUBLIC IP", "PORT", "SSH", "CPU", "MEM AVAIL/TOTAL", "DISK AVAIL/TOTAL", "VERSION"]
        var rows: [[String]] = []
        for row in status.rows {
            let reading = row.reading
            rows.append([
                row.reservationID, row.node.id, row.node.type, row.node.state.rawValue,
                row.node.privateAddress ?? "-", row.node.publicAddress ?? "-", String(row.node.port),
                reading.map { $0.reachable ? "ok \($0.latencyMs ?? 0)ms" : "down" } ?? "down",
                reading?.cpus.map(String.init) ?? status.types[row.node.type].map { "(\($0.cpus))" } ?? "-",
                pair(reading?.memoryAvailableKiB, reading?.memoryTotalKiB),
                pair(reading?.diskAvailableKiB, reading?.diskTotalKiB),
                row.node.version ?? "-",
            ])
        }
        let owner = note.map { ", API cluster \($0.id) of the master in \($0.master)" } ?? ""
        print("cluster \(status.state.clusterID) (\(status.state.provider.rawValue), user \(status.state.user)\(owner)): \(lifecycle(status, note: note))")
        print(TextTable.render(header: header, rows: rows))
        let others = Set(status.others.map(\.id))
        for reservation in status.state.reservations where !others.contains(reservation.id) {
            let mine = status.rows.filter { $0.reservationID == reservation.id }
            let up = mine.filter { $0.reading?.reachable == true }.count
            print("\(reservation.id): \(mine.count) \(reservation.type) node\(mine.count == 1 ? "" : "s"), \(up) reachable")
        }
        for other in status.others {
            print("\(other.id): \(other.nodes) \(other.type) node\(other.nodes == 1 ? "" : "s"), \(other.reachable) reachable (as last recorded)")
        }
        for row in status.rows where row.reading?.reachable != true {
            print("\(row.node.id): \(row.reading?.error ?? "not running at the provider (\(row.providerState ?? row.node.state.rawValue))")")
        }
        if !status.unlisted.isEmpty {
            let reservations = Set(status.unlisted.map(\.reservationID)).sorted().joined(separator: " ")
            print("warning: \(status.unlisted.count) node(s) tagged with cluster \(status.state.clusterID) are not in reservation.json (reservation \(reservations)); adopt them with `ess cluster add \(reservations)`, then keep them or `ess cluster terminate` them")
        }
    }

    /// The cluster's state in the API's words: the master's, for an API cluster; else what its
    /// nodes say.
    static func lifecycle(_ status: ClusterStatus, note: APIClusterNote?) -> String {
        if let note { return note.status }
        let reachable = status.rows.filter { $0.reading?.reachable == true }.count
        return ClusterLifecycle.Status.of(nodes: status.rows.map(\.node.state), reachable: reachable).rawValue
    }

    /// "12.3/15.6 GiB" from KiB figures.
    static func pair(_ available: Int?, _ total: Int?) -> String {
        guard let available, let total else { return "-" }
        let gib = 1024.0 * 1024.0
        return String(format: "%.1f/%.1f GiB", Double(available) / gib, Double(total) / gib)
    }
}

/// `ess cluster status --json`.
struct StatusDocument: Encodable {
    struct Row: Encodable {
        var reservation_id: String
        var instance_id: String
        var type: String
        var state: String
        var provider_state: String?
        var private_ip: String?
        var public_ip: String?
        var port: Int
        var reachable: Bool
        var latency_ms: Int?
        var cpus: Int?
        var mem_total_kib: Int?
        var mem_available_kib: Int?
        var disk_total_kib: Int?
        var disk_available_kib: Int?
        var version: String?
        var host_key_fingerprint: String?
        var error: String?
        /// What the provider says of the type (DescribeInstanceTypes on ec2).
        var type_cpus: Int?
        var type_memory_mib: Int?
    }

    struct ReservationSummary: Encodable {
        var id: String
        var type: String
        var nodes: Int
        var reachable: Int
        /// True for the reservations `create --add` did not look at: figures from reservation.json.
        var as_last_recorded: Bool? = nil
    }

    var cluster_id: String
    /// The cluster's state in the API's words (`available`, `idle`, `creating`, `error`, …).
    var status: String
    /// Its id at the master driving it, for an API cluster's folder.
    var api_cluster_id: Int64?
    var provider: String
    var user: String
    var nodes: [Row]
    var reservations: [ReservationSummary]
    var unlisted_instances: [String]
    /// The reservations of `unlisted_instances`, for `ess cluster add`.
    var unlisted_reservations: [String]

    init(_ status: ClusterStatus, note: APIClusterNote? = nil) {
        cluster_id = status.state.clusterID
        self.status = StatusRenderer.lifecycle(status, note: note)
        api_cluster_id = note?.id
        provider = status.state.provider.rawValue
        user = status.state.user
        nodes = status.rows.map { row in
            Row(
                reservation_id: row.reservationID, instance_id: row.node.id, type: row.node.type, state: row.node.state.rawValue,
                provider_state: row.providerState, private_ip: row.node.privateAddress, public_ip: row.node.publicAddress,
                port: row.node.port, reachable: row.reading?.reachable ?? false, latency_ms: row.reading?.latencyMs,
                cpus: row.reading?.cpus, mem_total_kib: row.reading?.memoryTotalKiB, mem_available_kib: row.reading?.memoryAvailableKiB,
                disk_total_kib: row.reading?.diskTotalKiB, disk_available_kib: row.reading?.diskAvailableKiB,
                version: row.node.version, host_key_fingerprint: row.node.hostKey?.fingerprint, error: row.reading?.error,
                type_cpus: status.types[row.node.type]?.cpus, type_memory_mib: status.types[row.node.type]?.memoryMiB)
        }
        let others = Set(status.others.map(\.id))
        reservations = status.state.reservations.filter { !others.contains($0.id) }.map { reservation in
            let mine = status.rows.filter { $0.reservationID == reservation.id }
            return ReservationSummary(
                id: reservation.id, type: reservation.type, nodes: mine.count,
                reachable: mine.filter { $0.reading?.reachable == true }.count)
        }
        reservations += status.others.map { ReservationSummary(id: $0.id, type: $0.type, nodes: $0.nodes, reachable: $0.reachable, as_last_recorded: true) }
        unlisted_instances = status.unlisted.map(\.id)
        unlisted_reservations = Set(status.unlisted.map(\.reservationID)).sorted()
    }
}
