import Foundation
import SSH

/// A real OpenSSH sshd on a random loopback address, with its own host key, user key and HOME, in a temp dir.
///
/// `stop()` ends exactly the sshd it started (SIGTERM, then SIGKILL) and removes the directory.
final class TestSSHD {
    let directory: URL
    let host: String
    let port: Int
    let user: String
    /// The authorized user's private key.
    let userKey: String
    let hostKeyPublic: String
    /// `$HOME` of sessions on this server.
    let home: URL
    let log: String
    private let process: Daemon

    init() throws {
        directory = try TestTool.temporaryDirectory("ess-sshd")
        home = directory.appendingPathComponent("home")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        let hostKey = directory.appendingPathComponent("host_ed25519").path
        hostKeyPublic = hostKey + ".pub"
        userKey = directory.appendingPathComponent("id_ed25519").path
        try TestTool.generateKey(at: hostKey, comment: "test-host")
        try TestTool.generateKey(at: userKey, comment: "test-user")
        let authorized = directory.appendingPathComponent("authorized_keys").path
        try FileManager.default.copyItem(atPath: userKey + ".pub", toPath: authorized)
        (host, port) = try LoopbackPort.free()
        user = TestTool.userName
        log = directory.appendingPathComponent("sshd.log").path

        let config = """
            ListenAddress \(host):\(port)
            HostKey \(hostKey)
            PidFile \(directory.path)/sshd.pid
            AuthorizedKeysFile \(authorized)
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            UsePAM no
            PermitRootLogin prohibit-password
            StrictModes no
            SetEnv HOME=\(home.path)
            MaxStartups 50
            LogLevel ERROR

            """
        let configPath = directory.appendingPathComponent("sshd_config").path
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
        if !FileManager.default.fileExists(atPath: "/run/sshd") {
            try? FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        }

        process = try Daemon("/usr/sbin/sshd", ["-D", "-f", configPath, "-E", log])

        let end = Date().addingTimeInterval(5)
        while !LoopbackPort.accepts(host: host, port: port) {
            if !process.isRunning || Date() > end {
                process.stop()
                let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
                throw TestTool.Failed(description: "sshd did not start on \(host):\(port): \(text)")
            }
            usleep(20_000)
        }
    }

    var target: SSHTarget { SSHTarget(host: host, port: port, user: user) }

    func stop() {
        process.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    deinit { process.stop() }
}
