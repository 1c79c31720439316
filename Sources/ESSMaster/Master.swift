import Foundation
import Hummingbird
import Jobs
import JobStore
import Logging
import ServiceLifecycle
import UnixSignals

/// A built master: one Hummingbird application whose services are the store, the notification
/// dispatcher and the executions (with the API clusters), and whose server is the HTTP API. They
/// start in that order; a graceful shutdown (SIGTERM, SIGINT, or `shutdown()`) stops them in
/// reverse: the server stops accepting and finishes the requests under way, running executions end
/// as `terminated`, the dispatcher stops and waits for its attempts under way, the store closes.
public struct Master: Sendable {
    /// The application: `run()` it, or test it in process (`application.test(.router)`).
    public let application: any ApplicationProtocol
    /// The native core the routes call.
    public let jobs: JobMaster
    public let configuration: MasterConfiguration
    let executions: ExecutionService
    let group = GroupHandle()

    /// Runs the master until a graceful shutdown: one of `signals`, or `shutdown()`.
    public func run(gracefulShutdownSignals signals: [UnixSignal] = [.sigterm, .sigint]) async throws {
        let serviceGroup = ServiceGroup(
            configuration: .init(services: [application], gracefulShutdownSignals: signals, logger: configuration.logger))
        group.set(serviceGroup)
        try await serviceGroup.run()
    }

    /// Shuts a running master down gracefully, as SIGTERM does.
    public func shutdown() async {
        await group.current?.triggerGracefulShutdown()
    }

    /// How many running executions the shutdown ended (after `run` returned).
    public var endedExecutions: Int { executions.ended.count }
}

/// The service group of a running master, for `shutdown()` from another task.
final class GroupHandle: @unchecked Sendable {
    private let lock = NSLock()
    private var group: ServiceGroup?

    func set(_ group: ServiceGroup) { lock.withLock { self.group = group } }

    var current: ServiceGroup? { lock.withLock { group } }
}
