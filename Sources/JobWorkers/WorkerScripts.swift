import ClusterModel
import ESSCore

/// The shell text a worker runs, all relative to the login user's home: the execution's folder
/// (`.ess/jobs/<ex_id>/` with `out/`), and each slice's command run in it with the software
/// `ess cluster sync` installed (`<install_root>/current`) first on its PATH.
public struct WorkerScripts: Sendable, Equatable {
    /// The execution's folder on the worker, relative to its home.
    public let folder: String
    /// The synced software's folder on the worker, relative to its home.
    public let current: String

    public init(exID: Int64, installRoot: String = SyncSettings.defaultInstallRoot) {
        folder = ".ess/jobs/\(exID)"
        current = installRoot + "/current"
    }

    /// Makes the folder and prints the worker's cpus.
    public var prepare: String {
        "\(makeFolder) && { \(Self.cpus); }"
    }

    /// Makes the folder, with `out/`.
    public var makeFolder: String {
        "mkdir -p -- \(ShellQuote.quote(folder + "/out"))"
    }

    /// Changes to the folder from the home, making it (with `out/`) when it is not there yet: a
    /// kept connection does not make it before the execution's first slice.
    var enter: String {
        let quoted = ShellQuote.quote(folder)
        return "{ cd \(quoted) 2>/dev/null || { \(makeFolder) && cd \(quoted); }; }"
    }

    /// Prints the worker's cpus (those its login may run on).
    public static let cpus = "nproc 2>/dev/null || echo 1"

    /// Runs `command` with `/bin/sh -c` in the folder (`enter`). The shell sshd starts leads its own
    /// process group, so it prints its pid (the group's id) as the first line of standard
    /// output, then becomes the command: ending the group ends the command and its children.
    /// When that shell already is the program `/bin/sh` names (a local node's entry script, a
    /// login shell that is `sh`; `test -ef` on `/proc/$$/exe` tells without starting anything),
    /// it runs the command itself, sparing the node one program start per slice.
    public func slice(_ command: String) -> String {
        let quoted = ShellQuote.quote(command)
        return "\(enter) && PATH=\"$HOME/\(current)/bin:$HOME/\(current):$PATH\" && export PATH && echo $$ && if [ /proc/$$/exe -ef /bin/sh ]; then eval \(quoted); else exec /bin/sh -c \(quoted); fi"
    }

    /// Removes an execution's folder (relative to the home).
    public static func remove(_ folder: String) -> String {
        "rm -rf -- \(ShellQuote.quote(folder))"
    }

    /// Signals a slice's process group: TERM, or KILL when `force`.
    public static func end(group: Int32, force: Bool) -> String {
        "kill -s \(force ? "KILL" : "TERM") -- -\(group) 2>/dev/null; true"
    }

    /// Copies a file the slice wrote (relative to the folder) to standard output.
    public func fetch(_ path: String) -> String {
        "cd \(ShellQuote.quote(folder)) && cat -- \(ShellQuote.quote(path))"
    }

    /// The regular files a glob matches, from the home, each as an absolute path (slices run
    /// in the execution's folder, not the home) ended by a NUL. The pattern is the spec's own
    /// shell glob, so it is not quoted.
    public static func list(_ pattern: String) -> String {
        "cd && for f in \(pattern); do if [ -f \"$f\" ]; then case $f in /*) ;; *) f=\"$HOME/$f\" ;; esac; printf '%s\\0' \"$f\"; fi; done; true"
    }
}
