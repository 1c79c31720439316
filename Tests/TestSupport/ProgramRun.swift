import Foundation
import Platform

/// A program a test started and waits for: its path, arguments, directory, environment and where
/// its three streams go, stopped by pid (`ProcessTable.stop`) if it outlives the test's bound.
/// The one way the tests start a program they watch: `ess` through `EssHarness.launch` (`run`,
/// `EssProcess`, `PipedEss`), helper tools, the SDK scenarios, schemathesis. Servers that must
/// outlive a test's thread start detached instead (`DetachedCommand`).
public final class ProgramRun: @unchecked Sendable {
    /// Where one of the program's streams goes.
    public enum Stream {
        /// `/dev/null`.
        case null
        /// The test's own.
        case inherited
        /// A file, created empty if it is not there, written from its start.
        case file(String)
        /// A handle the test opened (one file for stdout and stderr, say).
        case handle(FileHandle)
        /// A pipe the test reads or writes.
        case pipe(Pipe)
    }

    public let process = Process()

    /// Starts `path ARGUMENTS` in `directory` (the test's own when nil) with `environment` (the
    /// test's own when nil).
    public init(_ path: String, _ arguments: [String], in directory: String? = nil, environment: [String: String]? = nil,
                stdin: Stream = .null, stdout: Stream = .null, stderr: Stream = .null) throws {
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        if let environment { process.environment = environment }
        if let input = Self.endpoint(stdin) { process.standardInput = input }
        if let output = Self.endpoint(stdout) { process.standardOutput = output }
        if let errors = Self.endpoint(stderr) { process.standardError = errors }
        try process.run()
    }

    public var pid: Int32 { process.processIdentifier }
    public var isRunning: Bool { process.isRunning }
    /// Whether a signal ended it.
    public var wasKilled: Bool { process.terminationReason == .uncaughtSignal }

    /// Sends `signal` while it runs.
    public func send(_ signal: Int32) {
        if process.isRunning { kill(pid, signal) }
    }

    /// Waits for the exit status; after `timeout` seconds the program is stopped by pid (and nil
    /// returned).
    public func wait(timeout: TimeInterval = 120, interval: TimeInterval = 0.01) -> Int32? {
        let process = self.process
        guard eventually(within: timeout, interval: interval, { !process.isRunning }) else {
            stop()
            return nil
        }
        return process.terminationStatus
    }

    /// Stops exactly this program (SIGTERM, then SIGKILL) and reaps it.
    public func stop() {
        if process.isRunning { ProcessTable.stop(pid) }
        process.waitUntilExit()
    }

    private static func endpoint(_ stream: Stream) -> Any? {
        switch stream {
        case .null: return FileHandle.nullDevice
        case .inherited: return nil
        case .handle(let handle): return handle
        case .pipe(let pipe): return pipe
        case .file(let path):
            if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
            return FileHandle(forWritingAtPath: path) ?? FileHandle.nullDevice
        }
    }
}
