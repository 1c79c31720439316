import Foundation
import JobStore
import MasterModel
import Platform

/// Delivers the outbox: one scheduler thread turns new events into deliveries (one per
/// matching subscription) and starts the due first delivery of each lane (one subscription,
/// one subject: in event order) on a thread of its own, at most `maxInFlight` at once, so a
/// slow or dead receiver holds only its own lane. Every attempt is recorded; a failed one is
/// tried again as the subscription's policy says. Its threads are plain OS threads, never
/// Swift's concurrency pool nor an event loop. After a restart it goes on from the store:
/// undelivered events go out with the same `webhook-id`. The same thread prunes what has ended:
/// at its start and then every `pruneEvery` seconds, the deliveries, attempts and events older
/// than `retention` (see `NotificationStore.prune`), a few small batches at a time.
public final class NotificationDispatcher: @unchecked Sendable {
    let store: NotificationStore
    let subjects: any NotificationSubjects
    let sender: WebhookSender
    let mail: MailSender?
    let maxInFlight: Int
    let now: @Sendable () -> Date
    let retention: TimeInterval
    let pruneEvery: TimeInterval
    let pruneBatch: Int
    /// The longest one attempt can take (connecting, then the answer).
    let attemptLimit: TimeInterval
    /// The default retention of ended notifications: 30 days.
    public static let defaultRetention: TimeInterval = 30 * 86400

    private let lock = NSCondition()
    /// Guarded by `lock` (signalled when an attempt ends): lanes with an attempt under way, and
    /// whether it is stopping.
    private var inFlight: Set<String> = []
    private var stopping = false
    private let finished = DispatchSemaphore(value: 0)

    public init(
        database: MasterDatabase, subjects: any NotificationSubjects, hosts: HostGuard = HostGuard(), mail: MailSender? = nil, maxInFlight: Int = 64,
        connectTimeout: Double = 10, timeout: Double = 20, retention: TimeInterval = defaultRetention, pruneEvery: TimeInterval = 300,
        pruneBatch: Int = 500, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        store = NotificationStore(database)
        self.subjects = subjects
        self.sender = WebhookSender(hosts: hosts, connectTimeout: connectTimeout, timeout: timeout)
        self.attemptLimit = connectTimeout + timeout
        self.mail = mail
        self.maxInFlight = maxInFlight
        self.now = now
        self.retention = retention
        self.pruneEvery = pruneEvery
        self.pruneBatch = pruneBatch
    }

    /// Starts the scheduler thread.
    public func start() {
        let thread = Thread { [self] in
            ThreadRole.name("ess-notify")
            schedule()
            finished.signal()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Stops scheduling, then waits for the attempts under way to end and be recorded (each
    /// is bounded by the send timeouts); what is left is delivered after the next start.
    public func stop() {
        lock.withLock { stopping = true }
        store.bell.ring()
        finished.wait()
        let deadline = Date().addingTimeInterval(attemptLimit + 5)
        lock.lock()
        while !inFlight.isEmpty, lock.wait(until: deadline) {}
        lock.unlock()
    }

    private func schedule() {
        var pruneAt = now()
        while !lock.withLock({ stopping }) {
            let seen = store.bell.count
            if now() >= pruneAt { pruneAt = prune() }
            var wake = min(now().addingTimeInterval(2), pruneAt)
            do {
                try fanOut()
                let heads = try store.laneHeads()
                let moment = now().timeIntervalSince1970
                for head in heads {
                    if head.nextAt > moment {
                        wake = min(wake, Date(timeIntervalSince1970: head.nextAt))
                        continue
                    }
                    let claimed = lock.withLock { () -> Bool in
                        guard !inFlight.contains(head.lane), inFlight.count < maxInFlight else { return false }
                        inFlight.insert(head.lane)
                        return true
                    }
                    if claimed { launch(head) }
                }
            } catch {
                FileHandle.standardError.write(Data("ess notify: the dispatcher could not read its store: \(error)\n".utf8))
            }
            store.bell.wait(after: seen, until: wake)
        }
    }

    /// A few batches of pruning; when the next is due: soon while there is more, else after `pruneEvery`.
    private func prune() -> Date {
        let cutoff = now().addingTimeInterval(-retention)
        do {
            for _ in 0..<8 {
                if try store.prune(before: cutoff, batch: pruneBatch).isEmpty || lock.withLock({ stopping }) {
                    return now().addingTimeInterval(pruneEvery)
                }
            }
            return now().addingTimeInterval(1)
        } catch {
            FileHandle.standardError.write(Data("ess notify: ended notifications could not be pruned: \(error)\n".utf8))
            return now().addingTimeInterval(pruneEvery)
        }
    }

    /// New outbox events become deliveries, each event in one transaction.
    private func fanOut() throws {
        var events = try store.unfannedEvents()
        guard !events.isEmpty else { return }
        var subscriptions = try store.enabledSubscriptions()
        let patterns = Dictionary(uniqueKeysWithValues: subscriptions.compactMap { s in EventPattern(s.event).map { (s.id!, $0) } })
        while !events.isEmpty {
            let event = events.removeFirst()
            let wanted = subscriptions.filter { subscription in
                guard let pattern = patterns[subscription.id!], pattern.matches(event.event) else { return false }
                if let jobID = subscription.jobID, event.subjectKind != .execution || event.jobID != jobID { return false }
                if let exID = subscription.exID, event.subjectKind != .execution || event.subjectID != exID { return false }
                if let clusterID = subscription.clusterID, event.subjectKind != .cluster || event.subjectID != clusterID { return false }
                return true
            }
            try store.fanOut(event, to: wanted, at: now())
            let fired = Set(wanted.filter { !$0.persistent }.map(\.id))
            subscriptions.removeAll { fired.contains($0.id) }
        }
    }

    private func launch(_ delivery: Delivery) {
        let thread = Thread { [self] in
            ThreadRole.name("ess-notify-\(delivery.id ?? 0)")
            attempt(delivery)
            lock.withLock {
                inFlight.remove(delivery.lane)
                lock.broadcast()
            }
            store.bell.ring()
        }
        thread.stackSize = 512 << 10
        thread.start()
    }

    /// One attempt, recorded with where the delivery goes next.
    func attempt(_ head: Delivery) {
        guard let deliveryID = head.id, let (delivery, subscription, event) = try? store.deliveryContext(deliveryID) else { return }
        // The head was read before its lane was claimed: an attempt that ended in between has moved it on.
        guard delivery.state == .pending, delivery.attempts == head.attempts else { return }
        let facts = subjects.describe(event)
        var variables = facts.variables
        variables["EVENT"] = event.event
        variables["UUID"] = variables["UUID"] ?? String(event.subjectID)
        variables["SEQUENCE"] = String(event.seq)
        let url = URLTemplate(subscription.url).expand(variables)
        let body = WebhookPayload.body(event, webhookID: delivery.webhookID, document: facts.document)
        let started = now()
        let outcome: WebhookSender.Outcome
        if url.lowercased().hasPrefix("mailto:") {
            outcome = mail?.send(to: url, event: event, variables: variables) ?? WebhookSender.Outcome(
                url: url, status: nil, excerpt: nil, error: "no SMTP server is set (ESS_SMTP_URL)", milliseconds: 0)
        } else {
            outcome = sender.send(url: url, webhookID: delivery.webhookID, secret: subscription.secret, body: body, now: started)
        }
        let record = DeliveryAttempt(
            deliveryID: deliveryID, subscriptionID: subscription.id!, at: started, url: url, statusCode: outcome.status,
            excerpt: outcome.excerpt, error: outcome.error, durationMs: outcome.milliseconds)
        let policy = (try? JSONDecoder().decode(RetryPolicy.self, from: Data(subscription.policy.utf8))) ?? .standard
        do {
            if outcome.succeeded {
                try store.recordAttempt(record, state: .delivered, retryAt: nil)
            } else if outcome.status == 410 {
                try store.recordAttempt(record, state: .failed, retryAt: nil, disable: "the receiver answered 410 Gone")
            } else if let wait = policy.wait(beforeRetry: delivery.attempts + 1, jitter: Double.random(in: 0..<1)) {
                try store.recordAttempt(record, state: .pending, retryAt: now().addingTimeInterval(wait))
            } else {
                try store.recordAttempt(record, state: .failed, retryAt: nil)
            }
        } catch {
            FileHandle.standardError.write(Data("ess notify: an attempt could not be recorded: \(error)\n".utf8))
        }
    }
}
