import Foundation
import JobAPI
import MasterModel
import Notifications

/// A job spec's or a `_start` body's `notifications` (as Agave allows in a job request): each
/// checked as a subscription before anything is stored (`event` defaults to `*`), its host
/// against the master's `hosts`.
enum SpecNotifications {
    static func records(in body: Data, hosts: HostGuard) throws -> [Subscription] {
        guard let top = try? JSONSerialization.jsonObject(with: body) as? [String: Any], let list = top["notifications"] as? [Any] else { return [] }
        return try records(list, hosts: hosts)
    }

    /// `value`, a body's `notifications` (nil or null: none; anything but a list is refused),
    /// as subscriptions.
    static func records(_ value: Any?, hosts: HostGuard) throws -> [Subscription] {
        guard let value, !(value is NSNull) else { return [] }
        guard let list = value as? [Any] else {
            throw SubscriptionError(field: "notifications", problem: "must be a list of objects with url and event")
        }
        let known = ["url", "event", "persistent", "policy"]
        return try list.enumerated().map { index, item in
            let field = "notifications[\(index)]"
            guard var object = item as? [String: Any] else { throw SubscriptionError(field: field, problem: "must be an object with url and event") }
            if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
                throw SubscriptionError(field: "\(field).\(unknown)", problem: "is not a notification field; known fields are \(known.joined(separator: ", "))")
            }
            try NotificationBodies.checkPolicy(object["policy"], field: "\(field).policy")
            object["event"] = object["event"] ?? "*"
            do {
                let document = try JSONDecoder().decode(NotificationRequestDocument.self, from: try JSONSerialization.data(withJSONObject: object))
                return try SubscriptionRequest(document, hosts: hosts).subscription(at: Date())
            } catch let error as SubscriptionError {
                throw SubscriptionError(field: "\(field).\(error.field)", problem: error.problem)
            } catch {
                throw SubscriptionError(field: field, problem: "must be an object with url (a string) and event (a string)")
            }
        }
    }
}
