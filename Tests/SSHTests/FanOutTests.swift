import Foundation
import SSH
import TestSupport
import XCTest

final class FanOutTests: XCTestCase {
    func testFanOutKeepsOrderAndBound() throws {
        let daemons = try (0..<3).map { _ in try TestSSHD() }
        defer { daemons.forEach { $0.stop() } }
        let targets = daemons.map { ($0.target, $0.userKey) }
        let gauge = ConcurrencyGauge()
        let items = Array(0..<20)
        let results = FanOut.map(items, parallel: 2) { index -> String in
            gauge.enter()
            defer { gauge.leave() }
            let (target, key) = targets[index % 3]
            do {
                let connection = try SSHConnection(target: target, auth: .keyFile(key), hostKeyPolicy: .trustOnFirstUse)
                defer { connection.close() }
                return try connection.exec("echo \(index)").stdoutText
            } catch {
                return "error: \(error)"
            }
        }
        XCTAssertEqual(results, items.map { "\($0)\n" })
        XCTAssertLessThanOrEqual(gauge.maximum, 2)
        XCTAssertGreaterThanOrEqual(gauge.maximum, 1)
    }

    func testFanOutRunsOffTheConcurrencyPool() {
        let results = FanOut.map(Array(0..<5), parallel: 3) { value in
            (value * 2, Thread.isMainThread)
        }
        XCTAssertEqual(results.map(\.0), [0, 2, 4, 6, 8])
        XCTAssertFalse(results.contains { $0.1 })
        XCTAssertEqual(FanOut.map([Int](), parallel: 2) { $0 }, [])
    }
}

/// Counts how many bodies run at once, and the most ever seen.
final class ConcurrencyGauge: @unchecked Sendable {
    private let lock = NSLock()
    private var current = 0
    private var peak = 0

    func enter() {
        lock.lock()
        current += 1
        peak = max(peak, current)
        lock.unlock()
    }

    func leave() {
        lock.lock()
        current -= 1
        lock.unlock()
    }

    var maximum: Int {
        lock.lock()
        defer { lock.unlock() }
        return peak
    }
}
