import ClusterModel
import Foundation
import SSH

/// How to reach a cluster's nodes over SSH: user, key (or agent) and each node's pinned host key.
public struct NodeAccess: Sendable {
    public let user: String
    public let addressChoice: AddressChoice
    public let auth: SSHAuth
    /// The key file, when there is one (nil: ssh-agent or the default keys).
    public let keyFile: String?
    public let options: SSHOptions
    /// Words a node's SSH failure for the user (the CLI's renderer; the SSH library gives only facts).
    public var describe: @Sendable (any Error) -> String = { "\($0)" }

    /// Resolves the cluster's `pem` (absolute path, or NAME looked up as NAME.pem in `.conf/`
    /// then `ESS_AWS_DIR`) and checks the key before anything connects. Without a `pem`, the
    /// agent on `agentSocket` (the caller's `SSH_AUTH_SOCK`) is asked.
    public init(state: ClusterState, paths: ESSPaths, options: SSHOptions = SSHOptions(), agentSocket: String?) throws {
        user = state.user
        addressChoice = state.sshAddress
        self.options = options
        guard let pem = state.pem else {
            keyFile = nil
            auth = .agent(socket: agentSocket)
            return
        }
        let candidates = PemReference.candidates(for: pem, confDirectory: paths.confDirectory, awsDirectory: paths.awsDirectory)
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw KeyFileError.notFound(pem: pem, candidates: candidates)
        }
        try KeyFileCheck.verify(found)
        keyFile = found
        auth = .keyFile(found)
    }

    public func target(for node: Node) -> SSHTarget {
        SSHTarget(host: node.address(addressChoice) ?? "", port: node.port, user: user)
    }

    public func policy(for node: Node) -> HostKeyPolicy {
        node.hostKey.map { .pinned(fingerprint: $0.fingerprint) } ?? .trustOnFirstUse
    }

    /// Connects to a node with its pinned host key (or pins on first use).
    public func connect(_ node: Node) throws -> SSHConnection {
        try SSHConnection(target: target(for: node), auth: auth, hostKeyPolicy: policy(for: node), options: options)
    }
}

extension PinnedHostKey {
    init(_ key: HostKey) {
        self.init(type: key.type, base64: key.base64, fingerprint: key.fingerprint)
    }
}
