import Notifications
import ServiceLifecycle

/// The notification dispatcher as a service: it delivers from the store's outbox on its own
/// threads while the master runs, and at shutdown stops scheduling and waits for the attempts
/// under way, so that each is recorded before the store closes.
struct NotificationService: Service {
    let dispatcher: NotificationDispatcher

    func run() async throws {
        dispatcher.start()
        try? await gracefulShutdown()
        let dispatcher = self.dispatcher
        await OffPool.run("ess-notify-stop") { dispatcher.stop() }
    }
}
