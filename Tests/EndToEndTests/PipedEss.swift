import Foundation
import TestSupport

/// One `ess` run whose stdout and stderr are pipes read as the bytes come, so a test can wait for a line while the
/// command still runs (what `ess … | cat` sees). Stopped by pid if it outlives the test's bound.
final class PipedEss: @unchecked Sendable {
    private let program: ProgramRun
    private let condition = NSCondition()
    private var out = Data()
    private var err = Data()
    private var open = 2

    init(_ ess: EssHarness, _ arguments: [String]) throws {
        let stdout = Pipe(), stderr = Pipe()
        program = try ess.launch(arguments, stdout: .pipe(stdout), stderr: .pipe(stderr))
        for (pipe, isOut) in [(stdout, true), (stderr, false)] {
            Thread { [self] in
                let handle = pipe.fileHandleForReading
                while case let chunk = handle.availableData, !chunk.isEmpty {
                    condition.withLock {
                        if isOut { out += chunk } else { err += chunk }
                        condition.broadcast()
                    }
                }
                condition.withLock {
                    open -= 1
                    condition.broadcast()
                }
            }.start()
        }
    }

    var isRunning: Bool { program.isRunning }

    /// Waits until `ready(stdout, stderr)` holds, at most `timeout` seconds; false if it never did.
    func wait(timeout: TimeInterval = 60, until ready: (Data, Data) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        return condition.withLock {
            while !ready(out, err) {
                if open == 0 || !condition.wait(until: deadline) { return ready(out, err) }
            }
            return true
        }
    }

    /// Waits for the exit (killing it after `timeout` seconds) and returns the status with everything it wrote.
    func finish(timeout: TimeInterval = 60) -> (status: Int32, stdout: Data, stderr: Data) {
        if !pipesClosed(within: timeout) {
            program.stop()
            _ = pipesClosed(within: 10)
        }
        program.process.waitUntilExit()
        return condition.withLock { (program.process.terminationStatus, out, err) }
    }

    private func pipesClosed(within timeout: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        return condition.withLock {
            while open > 0 {
                if !condition.wait(until: deadline) { return open == 0 }
            }
            return true
        }
    }
}
