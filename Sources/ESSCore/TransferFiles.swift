import ClusterModel
import Foundation
import SSH

/// `ess cluster put LOCAL REMOTE` and `get REMOTE LOCALDIR`: one file to or from the chosen nodes at once, streamed.
public struct TransferFiles: Sendable {
    public let context: ClusterContext

    public init(_ context: ClusterContext) {
        self.context = context
    }

    /// Sends one local file to REMOTE on the chosen nodes at once. Each node's thread reads the file
    /// in 128 KB chunks with `pread` (the page cache serves every node after the first), so memory
    /// stays a few MB whatever the file's size.
    public func put(local: String, remote: String, nodes list: String?) throws -> [NodeOutcome] {
        let file = try SharedFile(path: local)
        guard !remote.isEmpty else { throw TransferError.emptyRemote }
        let targets = try FanOutTargets(context, list: list)
        let command = TransferCommands.put(remote: remote, name: (local as NSString).lastPathComponent, size: file.size)
        return targets.engine("put", context).each(targets.nodes) { node, connection in
            let result = try connection.exec(command, streamingInput: file.chunks())
            return NodeOutcome(nodeID: node.id, exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr)
        }
    }

    /// Fetches REMOTE from the chosen nodes into LOCALDIR/<instance id>/<file name>, streamed to disk.
    public func get(remote: String, into directory: String, nodes list: String?) throws -> [NodeOutcome] {
        let name = (remote as NSString).lastPathComponent
        guard !name.isEmpty, name != "/", name != ".", name != ".." else {
            throw TransferError.remoteNamesNoFile(remote: remote)
        }
        let targets = try FanOutTargets(context, list: list)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw TransferError.cannotMakeFolder(path: directory, reason: error.localizedDescription)
        }
        let command = TransferCommands.get(remote: remote)
        return targets.engine("get", context).each(targets.nodes) { node, connection in
            let folder = directory + "/" + node.id
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let writer = try ChunkWriter(path: folder + "/" + name)
            let result = try connection.exec(command, streamingOutput: { try writer.write($0) })
            if result.exitCode == 0 { try writer.commit() }
            return NodeOutcome(nodeID: node.id, exitCode: result.exitCode, stderr: result.stderr)
        }
    }
}
