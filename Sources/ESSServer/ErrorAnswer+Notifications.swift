import Hummingbird
import JobAPI
import Notifications

/// The words of a refused subscription.
extension ErrorAnswer {
    static func subscription(_ error: SubscriptionError) -> (HTTPResponse.Status, APIErrorDocument) {
        let message = error.field.isEmpty
            ? "The notification is refused: \(error.problem)." : "The notification is refused: `\(error.field)` \(error.problem)."
        return (.badRequest, APIErrorDocument(code: "bad_request", message: message, field: error.field.isEmpty ? nil : error.field))
    }

    static func subscriptionTarget(_ error: SubscriptionTargetError) -> (HTTPResponse.Status, APIErrorDocument) {
        let list = ["job": "`GET /v1/jobs`", "cluster": "`GET /v1/clusters`"][error.kind] ?? "`GET /v1/ex`"
        return (.unprocessableContent, APIErrorDocument(
            code: "unprocessable", message: "There is no \(error.kind) \(error.id) to follow; \(list) lists them.", field: "\(error.kind)_id"))
    }
}
