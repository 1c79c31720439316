import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// CPU priority of another process of ours and of everything it starts.
public enum ProcessPriority {
    /// Puts `pid` at the back of the CPU queue, with what it starts afterwards:
    /// - into the cpu cgroup `group` (made if missing; cgroup v1's `/sys/fs/cgroup/cpu` or a v2
    ///   hierarchy with the cpu controller), which gets 1/16 of a normal share when others want
    ///   the CPU. One group for all: sshd starts every session in a new session, which the
    ///   kernel would otherwise schedule as a group of its own, so that hundreds of busy
    ///   sessions would each weigh as much as a user's whole terminal;
    /// - and nice 19 (for kernels without such a cgroup, or without the right to make one).
    /// Best effort: nothing fails if the kernel or the user allows neither.
    public static func lowest(_ pid: pid_t, group: String) {
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), id_t(pid), 19)
        guard let folder = cgroup(group) else { return }
        try? write(String(pid), to: folder + "/cgroup.procs")
    }

    /// Removes the cgroup once nothing runs in it (the kernel refuses while something does).
    public static func release(group: String) {
        guard let folder = existingCgroup(group) else { return }
        rmdir(folder)
    }

    static let versionOne = "/sys/fs/cgroup/cpu"
    static let versionTwo = "/sys/fs/cgroup"

    /// The group's folder, made with a low share, or nil when no cpu cgroup can be used.
    static func cgroup(_ group: String) -> String? {
        if access(versionOne + "/cgroup.procs", W_OK) == 0 {
            let folder = versionOne + "/" + group
            guard mkdir(folder, 0o755) == 0 || errno == EEXIST else { return nil }
            try? write("64", to: folder + "/cpu.shares")
            return folder
        }
        let controllers = (try? String(contentsOfFile: versionTwo + "/cgroup.subtree_control", encoding: .utf8)) ?? ""
        guard controllers.split(separator: " ").contains(where: { $0.trimmingCharacters(in: .whitespacesAndNewlines) == "cpu" }),
              access(versionTwo + "/cgroup.procs", W_OK) == 0 else { return nil }
        let folder = versionTwo + "/" + group
        guard mkdir(folder, 0o755) == 0 || errno == EEXIST else { return nil }
        try? write("6", to: folder + "/cpu.weight")
        return folder
    }

    static func existingCgroup(_ group: String) -> String? {
        [versionOne, versionTwo].map { $0 + "/" + group }.first { access($0 + "/cgroup.procs", F_OK) == 0 }
    }

    static func write(_ text: String, to path: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.write(contentsOf: Data(text.utf8))
    }
}
