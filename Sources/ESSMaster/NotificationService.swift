import Notifications
import ServiceLifecycle

/// The notification dispatcher as a service: it delivers from the store's outbox on its own
/// threads while the master runs; at shutdown, once the executions have ended (`after`), it stops
/// scheduling and waits for the attempts under way, so that each is recorded before the store closes.
struct NotificationService: Service {
    let dispatcher: NotificationDispatcher
    let after: Stage
    /// Finished once the dispatcher has stopped.
    let stopped = Stage()

    func run() async throws {
        dispatcher.start()
        try? await gracefulShutdown()
        await after.wait()
        let dispatcher = self.dispatcher
        await OffPool.run("ess-notify-stop") { dispatcher.stop() }
        stopped.finish()
    }
}
