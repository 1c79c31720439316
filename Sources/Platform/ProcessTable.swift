import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Looks at processes by pid through /proc; never by name.
public enum ProcessTable {
    /// The process exists and is not a zombie.
    public static func isAlive(_ pid: pid_t) -> Bool {
        guard pid > 0, kill(pid, 0) == 0 || errno == EPERM else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return state != "Z" && state != "X"
    }

    /// The process's command line, arguments joined by spaces; nil when it is gone.
    public static func commandLine(_ pid: pid_t) -> String? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"), !data.isEmpty else { return nil }
        return String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
    }

    /// The process is alive and its command line contains `marker` (guards against a reused pid).
    public static func isAlive(_ pid: pid_t, running marker: String) -> Bool {
        isAlive(pid) && (commandLine(pid)?.contains(marker) ?? false)
    }

    /// Sends SIGTERM to the process (and its group when it leads one), waits up to `grace`
    /// seconds, then SIGKILL; reaps it if it is our child. Returns true when it is gone.
    @discardableResult
    public static func stop(_ pid: pid_t, grace: TimeInterval = 3) -> Bool {
        guard pid > 1 else { return true }
        if getpgid(pid) == pid { kill(-pid, SIGTERM) }
        kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(grace)
        while Date() < deadline {
            var status: Int32 = 0
            _ = waitpid(pid, &status, WNOHANG)
            if !isAlive(pid) { return true }
            usleep(10_000)
        }
        kill(pid, SIGKILL)
        var status: Int32 = 0
        _ = waitpid(pid, &status, WNOHANG)
        usleep(20_000)
        return !isAlive(pid)
    }
}
