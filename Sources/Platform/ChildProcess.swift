import CPlatform
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs other programs: to completion with captured output, or detached to outlive us.
public enum ChildProcess {
    /// The outcome of a finished program.
    public struct Outcome: Sendable {
        public var status: Int32
        public var stdout: Data
        public var stderr: Data
        public var stderrText: String { String(decoding: stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// Runs `executable` with `arguments` and waits; stdin is /dev/null.
    public static func run(_ executable: String, _ arguments: [String]) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw PlatformError("run", path: executable, code: ENOENT)
        }
        // Read both pipes before waiting, on two threads, so neither can fill up and block the child.
        let errData = ReadBox()
        let reader = Thread { errData.data = err.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errData.done { usleep(1_000) }
        return Outcome(status: process.terminationStatus, stdout: outData, stderr: errData.data)
    }

    /// Starts a program in its own session, with stdin, stdout and stderr on /dev/null and no
    /// inherited descriptors, so it outlives this process and holds none of its files. Returns its pid.
    public static func spawnDetached(_ executable: String, _ arguments: [String]) throws -> pid_t {
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = ess_spawn_detached(executable, argv, &pid)
        guard rc == 0 else { throw PlatformError("start", path: executable, code: rc) }
        return pid
    }
}

/// Holds what a reader thread read, for the thread that waits on it.
private final class ReadBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored = Data()
    private var finished = false
    var data: Data {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue; finished = true } }
    }
    var done: Bool { lock.withLock { finished } }
}
