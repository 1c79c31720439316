import JobStore
import ServiceLifecycle

/// The store as a service: first to start and last to stop, it closes the database once every
/// other part of the master has ended (`after`: the dispatcher, which waits for the executions).
struct StoreService: Service {
    let store: JobStore
    let after: Stage

    func run() async throws {
        try? await gracefulShutdown()
        await after.wait()
        let store = self.store
        await OffPool.run("ess-store-close") { store.close() }
    }
}
