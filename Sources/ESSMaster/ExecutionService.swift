import Foundation
import Jobs
import ServiceLifecycle

/// The master's executions and API clusters as one service. Once the server listens it takes
/// up the unfinished executions an earlier master left and starts the clusters' ticker (not
/// before: a master that cannot bind its port leaves them as they were); at shutdown it ends
/// every running execution as `terminated` (`stopped` when it was stopping), stops the ticker
/// and closes the connections kept to the workers (`closeWorkers`).
final class ExecutionService: Service {
    let jobs: JobMaster
    let onReady: @Sendable (MasterReady) async -> Void
    let closeWorkers: @Sendable () -> Void
    private let bound: AsyncStream<String>
    private let announce: AsyncStream<String>.Continuation
    /// How many executions the shutdown ended.
    let ended = Tally()
    /// Finished once every execution has ended.
    let stopped = Stage()

    init(jobs: JobMaster, onReady: @escaping @Sendable (MasterReady) async -> Void, closeWorkers: @escaping @Sendable () -> Void = {}) {
        self.jobs = jobs
        self.onReady = onReady
        self.closeWorkers = closeWorkers
        (bound, announce) = AsyncStream.makeStream(of: String.self)
    }

    /// The server listens at `url`.
    func listening(at url: String) {
        announce.yield(url)
        announce.finish()
    }

    func run() async throws {
        let bound = self.bound, announce = self.announce
        let url = await withGracefulShutdownHandler {
            var iterator = bound.makeAsyncIterator()
            return await iterator.next()
        } onGracefulShutdown: {
            announce.finish()
        }
        if let url {
            let jobs = self.jobs
            let taken = await OffPool.run("ess-boot") { () -> Result<[Int64], any Error> in
                defer { jobs.clusters.start() }
                return Result { try jobs.boot() }
            }
            await onReady(MasterReady(url: url, takenUp: taken))
        }
        try? await gracefulShutdown()
        let jobs = self.jobs, closeWorkers = self.closeWorkers
        ended.set(await OffPool.run("ess-shutdown") {
            let running = jobs.runningCount
            jobs.shutdown()
            closeWorkers()
            return running
        })
        stopped.finish()
    }
}

/// A count one task sets and others read.
final class Tally: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func set(_ count: Int) { lock.withLock { value = count } }

    var count: Int { lock.withLock { value } }
}
