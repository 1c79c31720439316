import Foundation

/// Runs a helper program (ssh-keygen, md5sum, …) to completion and returns its stdout; throws if it fails.
public enum TestTool {
    @discardableResult
    public static func run(_ path: String, _ arguments: [String], environment: [String: String]? = nil) throws -> String {
        let output = Pipe()
        let errors = Pipe()
        let program = try ProgramRun(
            path, arguments, environment: environment.map { ProcessInfo.processInfo.environment.merging($0) { $1 } }, stdout: .pipe(output), stderr: .pipe(errors))
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        program.process.waitUntilExit()
        guard program.process.terminationStatus == 0 else {
            throw TestFailure("\(path) \(arguments) exited \(program.process.terminationStatus): \(String(decoding: stderr, as: UTF8.self))")
        }
        return String(decoding: stdout, as: UTF8.self)
    }

    public static func generateKey(at path: String, comment: String) throws {
        try run("/usr/bin/ssh-keygen", ["-t", "ed25519", "-N", "", "-q", "-C", comment, "-f", path])
    }

    /// The fingerprint field of `ssh-keygen -lf path`.
    public static func fingerprint(ofPublicKey path: String) throws -> String {
        let line = try run("/usr/bin/ssh-keygen", ["-lf", path])
        return String(line.split(separator: " ")[1])
    }

    /// The user this test process runs as (root on the test machine).
    public static var userName: String {
        guard let entry = getpwuid(getuid()), let name = entry.pointee.pw_name else { return "root" }
        return String(cString: name)
    }
}
