/// Signal names as sshd reports them (`exit-signal`, without `SIG`), and their numbers on Linux.
enum SignalNumber {
    static let table: [String: Int32] = [
        "HUP": 1, "INT": 2, "QUIT": 3, "ILL": 4, "TRAP": 5, "ABRT": 6, "BUS": 7, "FPE": 8, "KILL": 9, "USR1": 10,
        "SEGV": 11, "USR2": 12, "PIPE": 13, "ALRM": 14, "TERM": 15,
    ]

    /// The shell's exit code for a command killed by `name`: 128 + its number (an unknown name
    /// counts as 128).
    static func exitCode(_ name: String) -> Int32 {
        let bare = name.hasPrefix("SIG") ? String(name.dropFirst(3)) : name
        return 128 + (table[bare] ?? 0)
    }
}
