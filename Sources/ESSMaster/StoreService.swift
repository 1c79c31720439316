import JobStore
import ServiceLifecycle

/// The store as a service: first to start and last to stop, it closes the database once every
/// other part of the master has ended.
struct StoreService: Service {
    let store: JobStore

    func run() async throws {
        try? await gracefulShutdown()
        let store = self.store
        await OffPool.run("ess-store-close") { store.close() }
    }
}
