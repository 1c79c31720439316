import Foundation
import Hummingbird
import JobAPI
import Jobs
import MasterModel
import Notifications

/// Agave/Tapis v2's notifications service (`/notifications/v2/…`: add, list, get, update, delete,
/// attempts) over the native `Notifier`:
/// `url`, `event` (Agave's job statuses, `*`, or ess's event names), `associatedUuid` (an Agave
/// job, i.e. an ess execution: the subscription follows that execution's job; `*` or none: every
/// job), `persistent`, `policy`. Answers in Agave's envelope.
struct AgaveNotificationRoutes: Sendable {
    let notifier: Notifier
    /// Whose executions `associatedUuid` names.
    let master: JobMaster
    static let root = "/notifications/v2"

    func add(to routes: RouteBuilder) {
        let root = Self.root
        routes.add(.post, root) { request, _ in
            var request = request
            let body = try await request.bodyData()
            let made = try await Blocking.run { try notifier.add(try native(body)) }
            return try AgaveRoutes.answer(try await Blocking.run { try document(made, showSecret: true) }, request, status: .created)
        }
        routes.add(.get, root) { request, _ in
            let (offset, limit) = try AgaveRoutes.paging(request)
            let uuid = request.query("associatedUuid").flatMap { $0.isEmpty || $0 == "*" ? nil : $0 }
            let all = try await Blocking.run {
                let named = try uuid.map { text -> (exID: Int64, jobID: Int64) in
                    guard let exID = Int64(text) else { throw RouteError.badQuery(name: "associatedUuid", problem: "expected an Agave job id (an ess execution id)") }
                    return (exID, try master.execution(exID).jobID)
                }
                // That execution's own subscriptions and its app's, not those of the app's other jobs (they run side by side).
                return try notifier.list(offset: offset, limit: limit).filter { record in
                    guard let named else { return true }
                    return record.exID.map { $0 == named.exID } ?? (record.jobID == named.jobID)
                }.map { try document($0) }
            }
            return try AgaveRoutes.answer(all, request)
        }
        routes.add(.get, root + "/:id") { request, context in
            let id = try context.pathID("id", kind: "notification")
            return try AgaveRoutes.answer(try await Blocking.run { try document(try notifier.show(id)) }, request)
        }
        routes.add(.post, root + "/:id") { request, context in
            let id = try context.pathID("id", kind: "notification")
            var request = request
            let body = try await request.bodyData()
            return try AgaveRoutes.answer(try await Blocking.run { try document(try notifier.update(id, try native(body))) }, request)
        }
        routes.add(.delete, root + "/:id") { request, context in
            let id = try context.pathID("id", kind: "notification")
            return try AgaveRoutes.answer(try await Blocking.run { try document(try notifier.delete(id)) }, request)
        }
        routes.add(.get, root + "/:id/attempts") { request, context in
            let id = try context.pathID("id", kind: "notification")
            let rows = try await Blocking.run { try notifier.attempts(id) }
            return try AgaveRoutes.answer(rows.map { attempt, delivery, event in
                AgaveAttemptDocument(
                    id: delivery.webhookID, url: attempt.url, event: event.event, startTime: APIDate.string(attempt.at), code: attempt.statusCode,
                    message: attempt.error ?? attempt.excerpt)
            }, request)
        }
    }

    /// Agave's request as the native one: `associatedUuid` (an execution id) names its job.
    func native(_ body: Data) throws -> NotificationRequestDocument {
        guard var object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            throw SubscriptionError(field: "", problem: "the body must be a JSON object with url, event, associatedUuid, persistent, policy")
        }
        let known = ["url", "event", "associatedUuid", "persistent", "policy"]
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
            throw SubscriptionError(field: unknown, problem: "is not a notification field; known fields are \(known.joined(separator: ", "))")
        }
        if var policy = object["policy"] as? [String: Any] {
            policy["saveOnFailure"] = nil
            object["policy"] = policy
        }
        let uuid = object.removeValue(forKey: "associatedUuid").map { "\($0)" } ?? "*"
        if uuid != "*" {
            guard let exID = Int64(uuid) else { throw SubscriptionError(field: "associatedUuid", problem: "must be an Agave job id (an ess execution id) or *") }
            do {
                object["job_id"] = try master.execution(exID).jobID
            } catch StoreError.notFound {
                throw SubscriptionTargetError(kind: "execution", id: exID)
            }
        }
        return try NotificationBodies.create(try JSONSerialization.data(withJSONObject: object))
    }

    func document(_ record: Subscription, showSecret: Bool = false) throws -> AgaveNotificationDocument {
        let native = NotificationBodies.document(record, showSecret: showSecret)
        let uuid = try (record.exID ?? record.jobID.flatMap { try master.currentExecutionID(ofJob: $0) }).map(String.init) ?? "*"
        let id = String(native.id)
        return AgaveNotificationDocument(
            id: id, owner: AgaveFields.owner, url: native.url, associatedUuid: uuid, event: native.event, persistent: native.persistent,
            status: native.enabled ? "ACTIVE" : "INACTIVE", policy: native.policy, created: native.created, lastUpdated: native.updated,
            secret: native.secret, links: ["self": .init(href: "\(Self.root)/\(id)"), "attempts": .init(href: "\(Self.root)/\(id)/attempts")])
    }
}
