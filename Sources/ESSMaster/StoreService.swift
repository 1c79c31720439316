import JobStore
import ServiceLifecycle

/// The store as a service: first to start and last to stop, it closes the database once every
/// other part of the master has ended (`after`: the dispatcher, which waits for the executions).
struct StoreService: Service {
    let database: MasterDatabase
    let after: Stage

    func run() async throws {
        try? await gracefulShutdown()
        await after.wait()
        let database = self.database
        await OffPool.run("ess-store-close") { database.close() }
    }
}
