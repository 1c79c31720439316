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
}
