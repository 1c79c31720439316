import Foundation

/// `ess` runs finished on other threads, collected for the test's thread.
public final class RunBox: @unchecked Sendable {
    private let lock = NSLock()
    private var runs: [EssHarness.Run] = []

    public init() {}

    public func append(_ run: EssHarness.Run) { lock.withLock { runs.append(run) } }
    public var count: Int { lock.withLock { runs.count } }
    public var all: [EssHarness.Run] { lock.withLock { runs } }
}
