import Foundation
import Hummingbird
import JobAPI
import JobModel
import MasterModel
import Notifications

/// `/v1/notifications`: subscriptions to job and cluster events over the master's `Notifier`
/// (add, list, show, attempts, a forced test delivery, secret rotation, delete).
struct NotificationRoutes: Sendable {
    let notifier: Notifier

    func add(to routes: RouteBuilder) {
        routes.add(.post, "/v1/notifications") { request, _ in
            var request = request
            let body = try NotificationBodies.create(try await request.bodyData())
            let made = try await Blocking.run { try notifier.add(body) }
            return Answer.json(NotificationBodies.document(made, showSecret: true), status: .created)
        }
        routes.add(.get, "/v1/notifications") { request, _ in
            let (from, size) = try request.paging()
            return Answer.json(try await Blocking.run { try notifier.list(offset: from, limit: size) }.map { NotificationBodies.document($0) })
        }
        routes.add(.get, "/v1/notifications/:id") { _, context in
            let id = try context.pathID("id", kind: "notification")
            let (record, counts) = try await Blocking.run { (try notifier.show(id), try notifier.counts(id)) }
            var document = NotificationBodies.document(record)
            (document.delivered, document.pending, document.failed) = (counts[.delivered] ?? 0, counts[.pending] ?? 0, counts[.failed] ?? 0)
            return Answer.json(document)
        }
        routes.add(.delete, "/v1/notifications/:id") { _, context in
            let id = try context.pathID("id", kind: "notification")
            return Answer.json(NotificationBodies.document(try await Blocking.run { try notifier.delete(id) }))
        }
        routes.add(.get, "/v1/notifications/:id/attempts") { _, context in
            let id = try context.pathID("id", kind: "notification")
            let rows = try await Blocking.run { try notifier.attempts(id) }
            return Answer.json(rows.map { attempt, delivery, event in
                AttemptDocument(
                    id: attempt.id ?? 0, delivery_id: attempt.deliveryID, webhook_id: delivery.webhookID, event: event.event,
                    at: APIDate.string(attempt.at), url: attempt.url, status_code: attempt.statusCode, excerpt: attempt.excerpt, error: attempt.error,
                    duration_ms: attempt.durationMs)
            })
        }
        routes.add(.post, "/v1/notifications/:id/_test") { _, context in
            let id = try context.pathID("id", kind: "notification")
            let delivery = try await Blocking.run { try notifier.test(id) }
            return Answer.json(["webhook_id": delivery.webhookID, "status": "queued"], status: .accepted)
        }
        routes.add(.post, "/v1/notifications/:id/_rotate") { _, context in
            let id = try context.pathID("id", kind: "notification")
            return Answer.json(NotificationBodies.document(try await Blocking.run { try notifier.rotate(id) }, showSecret: true))
        }
    }
}

/// The body of `POST /v1/notifications`, and a subscription as its document.
enum NotificationBodies {
    static let fields = ["url", "event", "job_id", "cluster_id", "persistent", "policy"]

    static func create(_ body: Data) throws -> NotificationRequestDocument {
        guard let top = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            throw SubscriptionError(field: "", problem: "the body must be a JSON object with \(fields.map { "`\($0)`" }.joined(separator: ", "))")
        }
        if let unknown = top.keys.sorted().first(where: { !fields.contains($0) }) {
            throw SubscriptionError(field: unknown, problem: "is not a notification field; known fields are \(fields.joined(separator: ", "))")
        }
        if let null = JSONNull.firstPath(in: top) {
            throw SubscriptionError(field: null, problem: "is null; give a value or leave the field out")
        }
        try checkPolicy(top["policy"], field: "policy")
        for name in ["url", "event"] where !(top[name] is String) {
            throw SubscriptionError(field: name, problem: "is required, a string")
        }
        do {
            return try JSONDecoder().decode(NotificationRequestDocument.self, from: body)
        } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context) {
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw SubscriptionError(field: field, problem: "has the wrong type")
        } catch {
            throw SubscriptionError(field: "", problem: "the body could not be read as a notification")
        }
    }

    static let policyFields = ["retryStrategy", "retryLimit", "retryDelay", "retryRate"]

    /// Refuses a `policy` object with a field it does not know (`field` names where it is).
    static func checkPolicy(_ value: Any?, field: String) throws {
        guard let policy = value as? [String: Any] else { return }
        if let unknown = policy.keys.sorted().first(where: { !policyFields.contains($0) }) {
            throw SubscriptionError(field: "\(field).\(unknown)", problem: "is not a policy field; known fields are \(policyFields.joined(separator: ", "))")
        }
    }

    static func document(_ record: Subscription, showSecret: Bool = false) -> NotificationDocument {
        let policy = (try? JSONDecoder().decode(RetryPolicy.self, from: Data(record.policy.utf8))) ?? .standard
        return NotificationDocument(
            id: record.id ?? 0, url: record.url, event: record.event, job_id: record.jobID, ex_id: record.exID, cluster_id: record.clusterID,
            persistent: record.persistent,
            policy: NotificationPolicyDocument(
                retryStrategy: policy.retryStrategy.rawValue, retryLimit: policy.retryLimit, retryDelay: policy.retryDelay, retryRate: policy.retryRate),
            enabled: record.enabled, disabled_reason: record.disabledReason, created: APIDate.string(record.createdAt),
            updated: APIDate.string(record.updatedAt), secret: showSecret ? record.secret : nil)
    }
}
