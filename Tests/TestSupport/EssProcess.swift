import Foundation
import Platform

/// One `ess` run in the background, by pid, so that a test can signal it (SIGINT, SIGKILL)
/// at a moment of its choosing. Output goes to files in the harness's root.
public final class EssProcess: @unchecked Sendable {
    public let process = Process()
    public let outPath: String
    public let errPath: String
    public let started = Date()

    public init(_ ess: EssHarness, _ arguments: [String], environment extra: [String: String] = [:]) throws {
        let stamp = UUID().uuidString.prefix(8)
        outPath = ess.root + "/run-\(stamp).out"
        errPath = ess.root + "/run-\(stamp).err"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: EssHarness.binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: ess.work)
        process.environment = ess.processEnvironment(extra)
        process.standardOutput = FileHandle(forWritingAtPath: outPath)
        process.standardError = FileHandle(forWritingAtPath: errPath)
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    public var pid: Int32 { process.processIdentifier }

    public func send(_ signal: Int32) {
        if process.isRunning { kill(pid, signal) }
    }

    /// Waits for the exit; after `timeout` seconds it is killed (and nil returned).
    public func wait(timeout: TimeInterval = 120) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            guard Date() < deadline else {
                ProcessTable.stop(pid)
                process.waitUntilExit()
                return nil
            }
            usleep(10_000)
        }
        return process.terminationStatus
    }

    public var wasKilled: Bool { process.terminationReason == .uncaughtSignal }
    public var stdout: String { (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "" }
    public var stderr: String { (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "" }
}

/// A small seeded generator (SplitMix64), so that a trial's random choices repeat run to run.
public struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
