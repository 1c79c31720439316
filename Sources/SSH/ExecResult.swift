import Foundation

/// What a remote command left behind: its two output streams and how it ended.
public struct ExecResult: Sendable {
    public var stdout: Data
    public var stderr: Data
    /// The exit status; -1 when the command was killed by a signal or the server reported none.
    public var exitCode: Int32
    /// The signal name without `SIG` (e.g. `KILL`) when the command was killed by one.
    public var exitSignal: String?

    public init(stdout: Data, stderr: Data, exitCode: Int32, exitSignal: String? = nil) {
        self.stdout = stdout
        self.stderr = stderr
        self.exitCode = exitCode
        self.exitSignal = exitSignal
    }

    /// `stdout` decoded as UTF-8, invalid bytes replaced.
    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }

    /// `stderr` decoded as UTF-8, invalid bytes replaced.
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}
