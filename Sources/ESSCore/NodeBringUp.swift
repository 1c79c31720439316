import ClusterModel
import Foundation
import SSH

/// Brings nodes up for `create` and `start`, through their drivers: polls the provider until they
/// run (one call per poll for all of them), then waits for each to answer SSH on its own clock,
/// `parallel` at once on OS threads, and records what it learnt after each phase.
struct NodeBringUp {
    let context: ClusterContext
    /// The verb, for the lock's purpose ("create", "start").
    let verb: String

    /// Feeds the provider's view to each driver (addresses, state) and records it.
    func waitUntilRunning(_ drivers: [NodeDriver], provider: any Provider, timeout: TimeInterval) throws -> [NodeDriver] {
        let seen = try ProviderCall.run { try provider.waitUntilRunning(instanceIDs: drivers.map(\.node.id), timeout: timeout) }
        let byID = Dictionary(seen.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let updated = drivers.map { driver -> NodeDriver in
            guard let instance = byID[driver.node.id] else { return driver }
            var driver = driver
            driver.observe(instance)
            return driver
        }
        try NodeRecorder(store: context.store).record(updated, purpose: "\(verb): record addresses")
        return updated
    }

    /// Performs the SSH probe each running driver has due, showing progress; records host keys and states.
    func waitForSSH(_ drivers: [NodeDriver], state: ClusterState, timeout: TimeInterval) throws -> [NodeDriver] {
        let waiting = drivers.filter { $0.state == .running }
        let waiter = SSHWaiter(
            access: try context.access(for: state), connector: context.connector, clock: context.clock, timeout: timeout,
            cancellation: context.cancellation)
        let prober = WaitProber(waiter: waiter)
        let clock = context.clock, sink = context.sink
        let start = clock.now()
        let counter = WaitCounter(total: waiting.count)
        let ticker = ProgressTicker(every: 0.5) { sink.progress(counter.line(elapsed: clock.now().timeIntervalSince(start))) }
        defer { ticker.stop() }
        let serial = NSLock()
        let probed = FanOut.map(waiting, parallel: context.parallel) { driver -> NodeDriver in
            var driver = driver
            driver.resume(with: prober)
            serial.withLock {
                counter.record(failed: driver.failure != nil)
                if let failure = driver.failure { sink.note("\(driver.node.id): \(failure)") }
                sink.progress(counter.line(elapsed: clock.now().timeIntervalSince(start)))
            }
            return driver
        }
        ticker.stop()
        sink.endProgress()
        try NodeRecorder(store: context.store).record(probed, purpose: "\(verb): record host keys")
        let seconds = String(format: "%.1f", clock.now().timeIntervalSince(start))
        sink.note("\(waiting.count - counter.failures) of \(waiting.count) nodes answer SSH (\(seconds) s)")
        let byID = Dictionary(probed.map { ($0.node.id, $0) }, uniquingKeysWith: { first, _ in first })
        return drivers.map { byID[$0.node.id] ?? $0 }
    }

    /// Node id → why, for the nodes that did not come up: the reason they were given up on, or the
    /// state the provider last reported when it is not the one expected (`running`, or `reachable` after an SSH wait).
    static func failures(_ drivers: [NodeDriver], expected: NodeState) -> [String: String] {
        var failures: [String: String] = [:]
        for driver in drivers where driver.state != expected {
            failures[driver.node.id] = driver.failure ?? "the provider reports it \(driver.state.rawValue), not running"
        }
        return failures
    }
}
