import Foundation
import Platform
import Providers
import SSH

/// A real OpenSSH sshd on a random loopback address, configured exactly as a local node
/// (`LocalNodeDaemon`: its own host key, authorised key and HOME), with a user key for the test.
///
/// `stop()` ends exactly the sshd it started, by pid, and removes its folder.
public final class TestSSHD: @unchecked Sendable {
    public let directory: URL
    public let host: String
    public let port: Int
    public let user: String
    /// The authorized user's private key.
    public let userKey: String
    public let hostKeyPublic: String
    /// `$HOME` of sessions on this server.
    public let home: URL
    public let log: String
    public let pid: Int32

    public init() throws {
        let folder = TemporaryDirectory("ess-sshd")
        directory = folder.url
        userKey = folder.path + "/id_ed25519"
        try TestTool.generateKey(at: userKey, comment: "test-user")
        (host, port) = try LoopbackPort.freeAddress()
        user = TestTool.userName
        let node = LocalNodeDaemon(folder: folder.path + "/node", address: host, port: port, user: user)
        let publicKey = try String(contentsOfFile: userKey + ".pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        try node.prepare(authorizedKey: publicKey, instanceID: "test-sshd")
        hostKeyPublic = node.folder + "/ssh_host_ed25519_key.pub"
        home = URL(fileURLWithPath: node.folder + "/home")
        log = node.folder + "/sshd.log"
        pid = try node.start()
        var listening = false
        _ = eventually(within: 5) {
            listening = LoopbackPort.accepts(host: host, port: port)
            return listening || !ProcessTable.isAlive(pid)
        }
        guard listening else {
            _ = ProcessTable.stop(pid)
            throw TestFailure("sshd did not start on \(host):\(port): \(node.logTail)")
        }
    }

    public var target: SSHTarget { SSHTarget(host: host, port: port, user: user) }

    public func stop() {
        if ProcessTable.isAlive(pid) { _ = ProcessTable.stop(pid) }
        try? FileManager.default.removeItem(at: directory)
        // The local nodes' cpu cgroup goes with the last node on this machine.
        ProcessPriority.release(group: LocalNodeDaemon.cpuGroup)
    }

    deinit {
        if ProcessTable.isAlive(pid) { _ = ProcessTable.stop(pid) }
    }
}
