import Foundation

/// A long-running child (ssh-agent, say) started with posix_spawn and reaped here by its own pid.
///
/// Not Foundation's `Process`: sshd and ssh-agent close every inherited descriptor at startup, which makes
/// Foundation believe they exited and block its child monitor in waitpid, stalling every other `Process`.
public final class Daemon {
    public let pid: pid_t
    private var reaped = false

    public init(_ path: String, _ arguments: [String]) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd: Int32 in [0, 1, 2] {
            posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, path, &actions, nil, argv, environ)
        guard status == 0 else {
            throw TestFailure("could not start \(path): \(String(cString: strerror(status)))")
        }
        pid = child
    }

    public var isRunning: Bool {
        guard !reaped else { return false }
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid { reaped = true }
        return !reaped
    }

    /// SIGTERM, then SIGKILL after `grace` seconds; always reaps exactly this pid.
    public func stop(grace: Double = 3) {
        guard isRunning else { return }
        kill(pid, SIGTERM)
        if !eventually(within: grace, { !isRunning }) {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            _ = waitpid(pid, &status, 0)
            reaped = true
        }
    }

    deinit { stop() }
}
