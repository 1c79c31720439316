/// Version labels as `sync` uses them: names of folders on the nodes, compared exactly.
public enum SyncVersion {
    /// Why a label cannot be used.
    public enum Problem: Error, Sendable, Equatable {
        /// Not 1 to 64 letters, digits or `._+-`.
        case characters(version: String)
        /// Starts with `.` or `-`, or ends in `.tmp`.
        case edges(version: String)
    }

    /// Why a label cannot be used, or nil: 1 to 64 letters, digits or `._+-`, not starting with
    /// `.` or `-`, not ending in `.tmp`.
    public static func problem(with version: String) -> Problem? {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+-")
        guard (1...64).contains(version.count), version.allSatisfy(allowed.contains) else {
            return .characters(version: version)
        }
        if version.hasPrefix(".") || version.hasPrefix("-") || version.hasSuffix(".tmp") {
            return .edges(version: version)
        }
        return nil
    }

    /// What a node needs, from what the check command printed (see `SyncScripts.check`).
    public enum Need: Equatable, Sendable {
        /// `current` already is the wanted version.
        case nothing
        /// The wanted version is installed but not current (after a rollback): switch the link, ship nothing.
        case switchOnly
        /// Ship the package.
        case package
    }

    /// The installed version (`current=` line) and whether the wanted one is complete on the node (`have=yes`).
    public static func parse(check output: String) -> (installed: String?, haveWanted: Bool) {
        var installed: String?
        var have = false
        for line in output.split(separator: "\n") {
            if line.hasPrefix("current=") {
                let value = line.dropFirst("current=".count).trimmingCharacters(in: .whitespaces)
                installed = value.isEmpty ? nil : String(value.prefix(64))
            }
            if line == "have=yes" { have = true }
        }
        return (installed, have)
    }

    /// Exact comparison: any difference in the label means the node differs.
    public static func need(installed: String?, haveWanted: Bool, wanted: String) -> Need {
        if installed == wanted { return .nothing }
        return haveWanted ? .switchOnly : .package
    }
}
