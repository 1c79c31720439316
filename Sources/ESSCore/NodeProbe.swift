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

/// Reads cpus, memory, disk and software version from nodes over SSH, all at once.
public struct NodeProbe: Sendable {
    /// One command, one round trip: `key=value` lines. `installRoot` (relative to the home) holds `current/VERSION`.
    static func command(installRoot: String) -> String {
        """
        echo "cpus=$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN)"; \
        awk '/^MemTotal:/{print "mem_total="$2} /^MemAvailable:/{print "mem_avail="$2}' /proc/meminfo; \
        df -Pk "$HOME" | awk 'NR==2{print "disk_total="$2; print "disk_avail="$4}'; \
        v=$(head -n 1 "$HOME/"\(ShellQuote.quote(installRoot))/current/VERSION 2>/dev/null) && echo "version=$v"; true
        """
    }

    public let access: NodeAccess
    public let parallel: Int
    /// Where software is installed on a node, relative to the login user's home (`conf/sync.json`'s `install_root`).
    public let installRoot: String

    public init(access: NodeAccess, parallel: Int = 64, installRoot: String = SyncSettings.defaultInstallRoot) {
        self.access = access
        self.parallel = parallel
        self.installRoot = installRoot
    }

    public func read(_ nodes: [Node]) -> [NodeReading] {
        let access = self.access
        let command = Self.command(installRoot: installRoot)
        return FanOut.map(nodes, parallel: parallel) { node in Self.readOne(node, access: access, command: command) }
    }

    static func readOne(_ node: Node, access: NodeAccess, command: String) -> NodeReading {
        var reading = NodeReading(nodeID: node.id, reachable: false)
        let start = Date()
        do {
            let connection = try access.connect(node)
            defer { connection.close() }
            reading.hostKey = PinnedHostKey(connection.hostKey)
            let result = try connection.exec(command)
            reading.latencyMs = Int(Date().timeIntervalSince(start) * 1000)
            reading.reachable = true
            apply(result.stdoutText, to: &reading)
        } catch {
            reading.error = access.describe(error)
        }
        return reading
    }

    static func apply(_ output: String, to reading: inout NodeReading) {
        for line in output.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            let value = parts[1].trimmingCharacters(in: .whitespaces)
            switch parts[0] {
            case "cpus": reading.cpus = Int(value)
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
