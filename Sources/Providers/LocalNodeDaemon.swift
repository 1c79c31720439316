import Foundation
import Platform

/// One local node's OpenSSH daemon: its folder, config, host key and process.
///
/// The node's home is `FOLDER/home`: sshd sets HOME there and a forced command changes
/// into it, so files one node writes are not visible on another, and the login user's own
/// shell start-up files (root's `.bashrc`, say) are not run.
///
/// Public so that the ec2 tests can run the same kind of node inside a network namespace.
public struct LocalNodeDaemon: Sendable {
    static let sshdPath = "/usr/sbin/sshd"
    static let keygenPath = "/usr/bin/ssh-keygen"
    static let ipPath = "/usr/sbin/ip"

    public let folder: String
    public let address: String
    public let port: Int
    public let user: String
    /// A network namespace (`ip netns`) to run sshd in; nil: this machine's own.
    public let namespace: String?

    public init(folder: String, address: String, port: Int, user: String, namespace: String? = nil) {
        self.folder = folder
        self.address = address
        self.port = port
        self.user = user
        self.namespace = namespace
    }

    var configPath: String { folder + "/sshd_config" }
    var home: String { folder + "/home" }

    /// Writes the node's folder: host key, authorised key, home, entry script and sshd_config.
    public func prepare(authorizedKey: String, instanceID: String) throws {
        try PrivateFiles.makeDirectory(folder)
        try PrivateFiles.makeDirectory(home)
        try PrivateFiles.makeDirectory(folder + "/bin")
        let keygen = try ChildProcess.run(
            Self.keygenPath, ["-q", "-t", "ed25519", "-N", "", "-C", instanceID, "-f", folder + "/ssh_host_ed25519_key"])
        guard keygen.status == 0 else {
            throw PlatformError("make a host key in", path: folder, code: EIO)
        }
        try PrivateFiles.createNew(folder + "/authorized_keys", contents: Data((authorizedKey + "\n").utf8))
        let entry = """
            #!/bin/sh
            # Every login and command on this node starts here: in the node's own home. A command
            # runs in this shell (no second shell start per command, as on a real node).
            cd "$HOME" || exit 1
            if [ -n "$SSH_ORIGINAL_COMMAND" ]; then eval "$SSH_ORIGINAL_COMMAND"; exit; fi
            exec "${SHELL:-/bin/sh}" -l

            """
        try PrivateFiles.createNew(folder + "/bin/enter", contents: Data(entry.utf8), mode: 0o700)
        let listen = port == 22 ? address : "\(address):\(port)"
        let config = """
            # sshd for local node \(instanceID); written by ess.
            ListenAddress \(listen)
            HostKey \(folder)/ssh_host_ed25519_key
            PidFile \(folder)/sshd.pid
            AuthorizedKeysFile \(folder)/authorized_keys
            AllowUsers \(user)
            PubkeyAuthentication yes
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            UsePAM no
            PermitRootLogin prohibit-password
            StrictModes no
            PrintMotd no
            PrintLastLog no
            UseDNS no
            MaxStartups 256:30:512
            MaxSessions 256
            SetEnv HOME=\(home) ESS_NODE_ID=\(instanceID)
            ForceCommand \(folder)/bin/enter
            LogLevel ERROR

            """
        try PrivateFiles.createNew(configPath, contents: Data(config.utf8))
    }

    /// Starts sshd in the foreground of its own session, detached from us; returns its pid.
    /// In a namespace, `ip netns exec` execs sshd in place, so the pid is still sshd's.
    /// A node stands for a machine of its own: it runs at the lowest CPU priority (one cpu
    /// cgroup for every local node, `cpuGroup`), so that the work it does yields to the master
    /// and to commands typed on this machine, as work on other machines would.
    public func start() throws -> Int32 {
        let pid = try spawn()
        ProcessPriority.lowest(pid, group: Self.cpuGroup)
        return pid
    }

    /// The cpu cgroup every local node runs in.
    public static let cpuGroup = "ess-local-nodes"

    private func spawn() throws -> Int32 {
        if geteuid() == 0 {
            // sshd insists on its privilege-separation folder when run as root.
            try PrivateFiles.makeDirectory("/run/sshd", mode: 0o755)
        }
        let sshd = [Self.sshdPath, "-D", "-f", configPath, "-E", folder + "/sshd.log"]
        guard let namespace else {
            return try ChildProcess.spawnDetached(sshd[0], Array(sshd.dropFirst()))
        }
        return try ChildProcess.spawnDetached(Self.ipPath, ["netns", "exec", namespace] + sshd)
    }

    /// The host key's public line, `ssh-ed25519 AAAA… comment`.
    public var hostPublicKey: String? {
        (try? String(contentsOfFile: folder + "/ssh_host_ed25519_key.pub", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The last lines sshd logged (why it failed to start, say).
    public var logTail: String {
        let text = (try? String(contentsOfFile: folder + "/sshd.log", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(3).joined(separator: "; ")
    }
}
