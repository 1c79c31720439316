import ClusterModel
import Foundation
import SSH

/// What `ess cluster sync` did on every node.
public struct SyncReport: Sendable {
    /// The version synced to (nil for a rollback).
    public var version: String?
    public var outcomes: [NodeOutcome]
}

/// `ess cluster sync [--version V | --rollback]`: brings the chosen nodes to the package's version.
public struct SyncCluster: Sendable {
    public let context: ClusterContext

    public init(_ context: ClusterContext) {
        self.context = context
    }

    /// Brings the chosen nodes to the package's version: one connection per node checks the installed
    /// version, and only nodes that differ get the package, over that same connection. `rollback`
    /// switches each node back to its previous version instead. Records each node's version.
    public func run(versionOverride: String?, rollback: Bool, nodes list: String?) throws -> SyncReport {
        let settings = try SyncSettings.load(directory: context.paths.workingDirectory)
        let targets = try FanOutTargets(context, list: list)
        let root = settings?.installRoot ?? SyncSettings.defaultInstallRoot
        let report: SyncReport
        if rollback {
            let outcomes = targets.engine("rollback", context).each(targets.nodes) { node, connection in
                Self.finish(node, try connection.exec(SyncScripts.rollback(root: root)), was: node.version)
            }
            report = SyncReport(version: nil, outcomes: outcomes)
        } else {
            guard let settings else {
                throw SyncError.noSettings(file: SyncSettings.fileName)
            }
            let package = try SyncPackage(settings: settings, versionOverride: versionOverride)
            defer { package.cleanUp() }
            let wanted = package.version
            let outcomes = targets.engine("sync", context).each(targets.nodes) { node, connection in
                try Self.syncOne(node, connection, package: package, root: root)
            }
            report = SyncReport(version: wanted, outcomes: outcomes)
        }
        try recordVersions(report.outcomes)
        return report
    }

    static func syncOne(_ node: Node, _ connection: SSHConnection, package: SyncPackage, root: String) throws -> NodeOutcome {
        let wanted = package.version
        let check = try connection.exec(SyncScripts.check(root: root, wanted: wanted))
        guard check.exitCode == 0 else {
            return NodeOutcome(nodeID: node.id, exitCode: check.exitCode, stdout: check.stdout, stderr: check.stderr)
        }
        let (installed, have) = SyncVersion.parse(check: check.stdoutText)
        switch SyncVersion.need(installed: installed, haveWanted: have, wanted: wanted) {
        case .nothing:
            var outcome = NodeOutcome(nodeID: node.id, exitCode: 0)
            outcome.version = installed
            outcome.summary = "up to date (\(wanted))"
            return outcome
        case .switchOnly:
            return finish(node, try connection.exec(SyncScripts.switchTo(root: root, version: wanted)), was: installed)
        case .package:
            let (file, digest) = try package.prepared()
            let script = SyncScripts.install(root: root, version: wanted, sha256: digest)
            return finish(node, try connection.exec(script, streamingInput: file.chunks()), was: installed)
        }
    }

    /// A script's result: success only with exit 0 and the marker naming the version now current.
    static func finish(_ node: Node, _ result: ExecResult, was: String?) -> NodeOutcome {
        var outcome = NodeOutcome(nodeID: node.id, exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr)
        if let signal = result.exitSignal { outcome.error = "the remote script was killed by signal \(signal); the node keeps its old version" }
        let now = SyncScripts.currentVersion(in: result.stdoutText)
        if result.exitCode == 0 && now == nil { outcome.error = "the remote script ended without saying what is current; check the node" }
        outcome.version = outcome.failed ? was : now
        if !outcome.failed { outcome.summary = "now \(now ?? "?") (was \(was ?? "none"))" }
        return outcome
    }

    /// Writes each node's known version into reservation.json.
    func recordVersions(_ outcomes: [NodeOutcome]) throws {
        let versions = Dictionary(outcomes.compactMap { o in o.version.map { (o.nodeID, $0) } }, uniquingKeysWith: { a, _ in a })
        guard !versions.isEmpty else { return }
        try context.store.update("sync: record versions") { current in
            guard var updated = current else { return }
            for var node in updated.nodes {
                guard let version = versions[node.id], node.version != version else { continue }
                node.version = version
                updated.update(node: node)
            }
            current = updated
        }
    }
}
