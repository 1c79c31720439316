import Foundation

/// Counts nodes as their waits end, for the progress line.
final class WaitCounter: @unchecked Sendable {
    private let lock = NSLock()
    private let total: Int
    private var up = 0
    private var failed = 0

    init(total: Int) {
        self.total = total
    }

    func record(failed didFail: Bool) {
        lock.withLock {
            if didFail { failed += 1 } else { up += 1 }
        }
    }

    var failures: Int { lock.withLock { failed } }

    func line(elapsed: TimeInterval) -> String {
        lock.withLock {
            let waiting = total - up - failed
            return "waiting for SSH: \(up)/\(total) up, \(waiting) waiting, \(failed) failed (\(Int(elapsed)) s)"
        }
    }
}
