import Foundation
import Platform
import XCTest

/// Runs the built `ess` binary in a scratch directory with its own ESS_AWS_DIR, and cleans up
/// every node it started, by pid, whatever the test did.
public final class EssHarness: @unchecked Sendable {
    public struct Run {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        public var stderrLines: [Substring] { stderr.split(separator: "\n") }

        public init(status: Int32, stdout: String, stderr: String) {
            self.status = status
            self.stdout = stdout
            self.stderr = stderr
        }
    }

    public let root: String
    public let work: String
    public let aws: String
    /// Added to the environment of every run (the ec2 tests' endpoint and credentials, say).
    public var environment: [String: String] = [:]

    public init(_ label: String = "ess-e2e") {
        root = TemporaryDirectory(label).path
        work = root + "/project"
        aws = root + "/aws"
        try? FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
    }

    public static let binary: String = {
        if let explicit = ProcessInfo.processInfo.environment["ESS_BINARY"] { return explicit }
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [beside, Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("ess").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return ".build/debug/ess"
    }()

    public var stateFile: String { work + "/.conf/reservation.json" }
    public var stateBytes: Data? { FileManager.default.contents(atPath: stateFile) }

    /// The environment of every run: this machine's, without the user's AWS and ess settings,
    /// with this harness's ESS_AWS_DIR, `environment` and `extra`.
    public func processEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["ESS_AWS_DIR"] = aws
        environment.removeValue(forKey: "ESS_LOCAL_DIR")
        environment.removeValue(forKey: "SSH_AUTH_SOCK")
        // Never the real user's AWS settings: only what a test gives.
        for key in environment.keys where key.hasPrefix("AWS_") || key.hasPrefix("ESS_EC2_") || key == "ESS_SSH_CIDR" {
            environment.removeValue(forKey: key)
        }
        environment["AWS_SHARED_CREDENTIALS_FILE"] = root + "/no-credentials"
        environment["AWS_CONFIG_FILE"] = root + "/no-config"
        for (key, value) in self.environment.merging(extra, uniquingKeysWith: { _, given in given }) { environment[key] = value }
        return environment
    }

    /// Starts `ess ARGS` in the work directory (or `directory`) with `processEnvironment(extra)`:
    /// the one way the tests start the binary they wait for.
    public func launch(_ arguments: [String], in directory: String? = nil, environment extra: [String: String] = [:],
                       stdin: ProgramRun.Stream = .null, stdout: ProgramRun.Stream = .null, stderr: ProgramRun.Stream = .null) throws -> ProgramRun {
        try ProgramRun(Self.binary, arguments, in: directory ?? work, environment: processEnvironment(extra), stdin: stdin, stdout: stdout, stderr: stderr)
    }

    /// Runs `ess ARGS` in the work directory (or `directory`), bounded by `timeout` seconds.
    @discardableResult
    public func run(_ arguments: [String], stdin: String? = nil, in directory: String? = nil, timeout: TimeInterval = 120,
             environment extra: [String: String] = [:]) -> Run {
        let out = Pipe(), err = Pipe(), input = Pipe()
        let launched: ProgramRun
        do {
            launched = try launch(arguments, in: directory, environment: extra, stdin: .pipe(input), stdout: .pipe(out), stderr: .pipe(err))
        } catch {
            return Run(status: -1, stdout: "", stderr: "could not start \(Self.binary): \(error)")
        }
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try? input.fileHandleForWriting.close()
        let collected = OutputBox()
        let group = DispatchGroup()
        for (pipe, isOut) in [(out, true), (err, false)] {
            group.enter()
            Thread {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                collected.set(data, isOut: isOut)
                group.leave()
            }.start()
        }
        if group.wait(timeout: .now() + timeout) == .timedOut {
            launched.stop()
            group.wait()
            return Run(status: -2, stdout: collected.out, stderr: collected.err + "\n(killed after \(Int(timeout)) s)")
        }
        launched.process.waitUntilExit()
        return Run(status: launched.process.terminationStatus, stdout: collected.out, stderr: collected.err)
    }

    /// `ess ARGS`, failing the test unless it exits 0.
    @discardableResult
    public func ok(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) -> Run {
        let result = run(arguments)
        XCTAssertEqual(result.status, 0, "ess \(arguments.joined(separator: " ")): \(result.stderr)", file: file, line: line)
        return result
    }

    /// `ess cluster status --json`, decoded.
    public func statusJSON(file: StaticString = #filePath, line: UInt = #line) -> [String: Any] {
        let result = ok(["cluster", "status", "--json"], file: file, line: line)
        return (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Any] ?? [:]
    }

    public var localInstances: String { aws + "/ess/local/instances" }

    /// The sshd pids the local provider recorded, by instance id.
    public func nodePids() -> [String: Int32] {
        var pids: [String: Int32] = [:]
        for id in (try? FileManager.default.contentsOfDirectory(atPath: localInstances)) ?? [] {
            guard let data = FileManager.default.contents(atPath: "\(localInstances)/\(id)/instance.json"),
                let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                let pid = object["pid"] as? NSNumber
            else { continue }
            pids[id] = pid.int32Value
        }
        return pids
    }

    /// Terminates what the test left, then stops any daemon still recorded, by pid.
    public func cleanUp() {
        run(["cluster", "terminate", "--all", "-y"], timeout: 60)
        for pid in nodePids().values where ProcessTable.isAlive(pid) {
            ProcessTable.stop(pid)
        }
        try? FileManager.default.removeItem(atPath: root)
    }
}

private final class OutputBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stdout = Data()
    private var stderr = Data()
    func set(_ data: Data, isOut: Bool) { lock.withLock { if isOut { stdout = data } else { stderr = data } } }
    var out: String { lock.withLock { String(decoding: stdout, as: UTF8.self) } }
    var err: String { lock.withLock { String(decoding: stderr, as: UTF8.self) } }
}
