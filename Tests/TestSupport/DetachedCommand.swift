import Foundation
import Platform

/// Starts a server process (moto_server, a proxy) detached from the test, its output in a log
/// file, so that the test can stop exactly it by pid (`ProcessTable.stop`).
public enum DetachedCommand {
    /// Runs `words` (quoted for the shell) in `directory` (the test's own when nil) with `environment`
    /// added, stdout and stderr to `log`; returns its pid.
    public static func start(_ words: [String], in directory: String? = nil, environment: [String: String] = [:], log: String) throws -> Int32 {
        let change = directory.map { "cd \(quote($0)) && " } ?? ""
        let assignments = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\(quote($0.value)) " }.joined()
        let command = words.map(quote).joined(separator: " ")
        return try ChildProcess.spawnDetached("/bin/sh", ["-c", "\(change)\(assignments)exec \(command) >\(quote(log)) 2>&1"])
    }

    /// One shell word, single-quoted.
    public static func quote(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
