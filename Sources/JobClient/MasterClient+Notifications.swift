import Foundation
import JobAPI

/// The `/v1/notifications` routes.
extension MasterClient {
    public func addNotification(_ request: NotificationRequestDocument) throws -> NotificationDocument {
        try call("POST", "/v1/notifications", body: try JSONEncoder().encode(request))
    }

    public func notifications() throws -> [NotificationDocument] {
        try call("GET", "/v1/notifications", query: [URLQueryItem(name: "size", value: "1000")])
    }

    public func notification(_ id: String) throws -> NotificationDocument { try call("GET", "/v1/notifications/\(id)") }

    public func notificationAttempts(_ id: String) throws -> [AttemptDocument] { try call("GET", "/v1/notifications/\(id)/attempts") }

    /// Queues a forced `test` delivery; answers its webhook id.
    public func testNotification(_ id: String) throws -> [String: String] { try call("POST", "/v1/notifications/\(id)/_test") }

    public func rotateNotification(_ id: String) throws -> NotificationDocument { try call("POST", "/v1/notifications/\(id)/_rotate") }

    public func deleteNotification(_ id: String) throws -> NotificationDocument { try call("DELETE", "/v1/notifications/\(id)") }
}
