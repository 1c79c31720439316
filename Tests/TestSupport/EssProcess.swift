import Foundation

/// One `ess` run in the background, by pid, so that a test can signal it (SIGINT, SIGKILL)
/// at a moment of its choosing. Output goes to files in the harness's root.
public final class EssProcess: @unchecked Sendable {
    public let program: ProgramRun
    public var process: Process { program.process }
    public let outPath: String
    public let errPath: String
    public let started = Date()

    public init(_ ess: EssHarness, _ arguments: [String], environment extra: [String: String] = [:]) throws {
        let stamp = UUID().uuidString.prefix(8)
        outPath = ess.root + "/run-\(stamp).out"
        errPath = ess.root + "/run-\(stamp).err"
        program = try ess.launch(arguments, environment: extra, stdout: .file(outPath), stderr: .file(errPath))
    }

    public var pid: Int32 { program.pid }

    public func send(_ signal: Int32) { program.send(signal) }

    /// Waits for the exit; after `timeout` seconds it is killed (and nil returned).
    public func wait(timeout: TimeInterval = 120) -> Int32? { program.wait(timeout: timeout) }

    public var wasKilled: Bool { program.wasKilled }
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
