import Foundation

/// Waits until `condition` holds: it is asked at once, then every `interval` seconds, for at most
/// `timeout` seconds; past that, `TestFailure` names what was awaited. The one deadline loop the
/// tests use.
public func waitUntil(
    _ what: @autoclosure () -> String, timeout: TimeInterval = 30, interval: TimeInterval = 0.02, _ condition: () throws -> Bool
) throws {
    let deadline = Date().addingTimeInterval(timeout)
    while try !condition() {
        guard Date() < deadline else { throw TestFailure("waited \(Int(timeout.rounded())) s for \(what())") }
        Thread.sleep(forTimeInterval: interval)
    }
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
