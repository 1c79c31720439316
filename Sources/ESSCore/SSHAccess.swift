import ClusterModel
import Foundation
import Platform

/// `ess cluster ssh [NODE]` and `ssh-config`: reach the nodes with the system's OpenSSH exactly as
/// `ess` does, host keys pinned in `.conf/known_hosts`.
public struct SSHAccess: Sendable {
    public let context: ClusterContext

    public init(_ context: ClusterContext) {
        self.context = context
    }

    /// Finds a node by instance id, 1-based index, or address; nil picks the first node.
    public func node(matching query: String?, in state: ClusterState) throws -> Node {
        let nodes = state.nodes
        guard !nodes.isEmpty else {
            throw ClusterError.noNodes
        }
        guard let query else { return nodes[0] }
        if let index = Int(query), (1...nodes.count).contains(index) { return nodes[index - 1] }
        if let node = nodes.first(where: { $0.id == query || $0.privateAddress == query || $0.publicAddress == query }) {
            return node
        }
        throw ClusterError.unknownNode(query: query, nodeCount: nodes.count)
    }

    /// Writes `.conf/known_hosts` with every pinned host key, for the system `ssh`.
    @discardableResult
    public func writeKnownHosts(_ state: ClusterState) throws -> String {
        let lines = state.nodes.compactMap { node -> String? in
            guard let key = node.hostKey, let address = state.address(of: node) else { return nil }
            let host = node.port == 22 ? address : "[\(address)]:\(node.port)"
            return "\(host) \(key.type) \(key.base64)"
        }
        try PrivateFiles.makeDirectory(context.paths.confDirectory, mode: 0o755)
        try AtomicFile.write(Data((lines.joined(separator: "\n") + "\n").utf8), to: context.paths.knownHostsFile, mode: 0o644)
        return context.paths.knownHostsFile
    }

    /// The OpenSSH options that reach a node exactly as `ess` does.
    /// The `ssh` command line (without the program) that opens a shell on the node QUERY names
    /// (nil: the first node), followed by `command`.
    public func shell(_ query: String?, command: [String]) throws -> [String] {
        let state = try context.requireState()
        return try arguments(for: try node(matching: query, in: state), state: state) + command
    }

    public func arguments(for node: Node, state: ClusterState) throws -> [String] {
        guard node.hostKey != nil else {
            throw ClusterError.noHostKey(node: node.id)
        }
        let knownHosts = try writeKnownHosts(state)
        var arguments = [
            "-o", "UserKnownHostsFile=\(knownHosts)", "-o", "StrictHostKeyChecking=yes",
            "-o", "GlobalKnownHostsFile=/dev/null", "-p", String(node.port),
        ]
        if let key = try context.access(for: state).keyFile {
            arguments += ["-i", key, "-o", "IdentitiesOnly=yes"]
        }
        return arguments + ["\(state.user)@\(state.address(of: node) ?? "")"]
    }

    /// An OpenSSH config block: one `Host` per node (its instance id), so that `ssh -F`,
    /// pdsh, ansible and scp reach the nodes as `ess` does, host keys pinned.
    public func config() throws -> String {
        let state = try context.requireState()
        let knownHosts = try writeKnownHosts(state)
        let keyFile = try context.access(for: state).keyFile
        var text = "# ess cluster \(state.clusterID) (\(state.provider.rawValue)); use: ssh -F FILE \(state.nodes.first?.id ?? "NODE")\n"
        for node in state.nodes {
            text += "\nHost \(node.id)\n"
            text += "  HostName \(state.address(of: node) ?? "")\n"
            text += "  Port \(node.port)\n"
            text += "  User \(state.user)\n"
            if let keyFile {
                text += "  IdentityFile \(keyFile)\n  IdentitiesOnly yes\n"
            }
            text += "  UserKnownHostsFile \(knownHosts)\n"
            text += "  GlobalKnownHostsFile /dev/null\n"
            text += "  StrictHostKeyChecking \(node.hostKey == nil ? "accept-new" : "yes")\n"
            text += "  LogLevel ERROR\n"
        }
        return text
    }
}
