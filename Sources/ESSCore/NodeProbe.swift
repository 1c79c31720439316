import ClusterModel
import Foundation
import SSH

/// What one node said about itself over SSH.
public struct NodeReading: Sendable, Equatable {
    public var nodeID: String
    public var reachable: Bool
    /// Connect, authenticate and run the probe, in milliseconds.
    public var latencyMs: Int?
    public var cpus: Int?
    public var memoryTotalKiB: Int?
    public var memoryAvailableKiB: Int?
    public var diskTotalKiB: Int?
    public var diskAvailableKiB: Int?
    public var version: String?
    public var hostKey: PinnedHostKey?
    public var error: String?

    public init(nodeID: String, reachable: Bool) {
        self.nodeID = nodeID
        self.reachable = reachable
    }
}

/// Reads cpus, memory, disk and software version from a node over SSH.
public struct NodeProbe: Sendable {
    /// One command, one round trip: `key=value` lines. `installRoot` (relative to the home) holds `current/VERSION`.
    ///
    /// The shell reads the kernel's files itself and starts one program, `df`: on 1000 nodes each
    /// program is 1000 forks and execs on the nodes, which is what made `status` slower than
    /// `run true`. The CPUs are those the login may run on (`Cpus_allowed_list`, what `nproc`
    /// counts), counted here by `cpuCount(_:)`.
    static func command(installRoot: String) -> String {
        """
        df -Pk "$HOME" 2>/dev/null | { read -r _ && read -r _ total _ avail _ && echo "disk_total=$total" && echo "disk_avail=$avail"; }; \
        while read -r key value _; do case $key in MemTotal:) echo "mem_total=$value";; MemAvailable:) echo "mem_avail=$value"; break;; esac; done < /proc/meminfo; \
        while read -r key value _; do case $key in Cpus_allowed_list:) echo "cpus_allowed=$value"; break;; esac; done < /proc/self/status; \
        v=; if read -r v 2>/dev/null < "$HOME/"\(ShellQuote.quote(installRoot))/current/VERSION || [ -n "$v" ]; then echo "version=$v"; fi; true
        """
    }

    /// The number of CPUs in a kernel CPU list such as `0-3,8,10-11` (7); nil when it does not parse.
    static func cpuCount(_ list: String) -> Int? {
        var count = 0
        for part in list.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
            guard let low = bounds.first ?? nil, let high = bounds.last ?? nil, bounds.count <= 2, low <= high else { return nil }
            count += high - low + 1
        }
        return count > 0 ? count : nil
    }

    public let access: NodeAccess
    public let connector: any NodeConnector
    /// Where software is installed on a node, relative to the login user's home (`conf/sync.json`'s `install_root`).
    public let installRoot: String

    public init(access: NodeAccess, connector: any NodeConnector, installRoot: String = SyncSettings.defaultInstallRoot) {
        self.access = access
        self.connector = connector
        self.installRoot = installRoot
    }

    /// Reads one node: one connection, one command.
    public func read(_ node: Node) -> NodeReading {
        connector.read(node, access: access, command: Self.command(installRoot: installRoot))
    }

    static func apply(_ output: String, to reading: inout NodeReading) {
        for line in output.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            let value = parts[1].trimmingCharacters(in: .whitespaces)
            switch parts[0] {
            case "cpus_allowed": reading.cpus = cpuCount(value)
            case "mem_total": reading.memoryTotalKiB = Int(value)
            case "mem_avail": reading.memoryAvailableKiB = Int(value)
            case "disk_total": reading.diskTotalKiB = Int(value)
            case "disk_avail": reading.diskAvailableKiB = Int(value)
            case "version": reading.version = value.isEmpty ? nil : String(value.prefix(64))
            default: break
            }
        }
    }
}
