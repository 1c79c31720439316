import Foundation

/// Waits until `condition` holds: it is asked at once, then every `interval` seconds, for at most
/// `timeout` seconds; past that, `TestFailure` names what was awaited. The one deadline loop the
/// tests use.
public func waitUntil(
    _ what: @autoclosure () -> String, timeout: TimeInterval = 30, interval: TimeInterval = 0.02, _ condition: () throws -> Bool
) throws {
    guard try eventually(within: timeout, interval: interval, condition) else {
        throw TestFailure("waited \(Int(timeout.rounded())) s for \(what())")
    }
}

/// `waitUntil` for a caller that goes on either way: whether `condition` held within `timeout`
/// (asked at once, then every `interval` seconds, and once more at the deadline).
public func eventually(within timeout: TimeInterval, interval: TimeInterval = 0.02, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while try !condition() {
        guard Date() < deadline else { return false }
        Thread.sleep(forTimeInterval: interval)
    }
    return true
}

/// `waitUntil` for a condition that awaits (a request in process, say).
public func waitUntil(
    _ what: @autoclosure () -> String, timeout: TimeInterval = 30, interval: TimeInterval = 0.02, _ condition: () async throws -> Bool
) async throws {
    let deadline = Date().addingTimeInterval(timeout)
    while try await !condition() {
        guard Date() < deadline else { throw TestFailure("waited \(Int(timeout.rounded())) s for \(what())") }
        try await Task.sleep(nanoseconds: UInt64(interval * 1_000_000_000))
    }
}
