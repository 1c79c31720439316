import Foundation
import MasterModel

/// The body of every webhook: the event, its per-subject sequence number, its time, what it
/// is about, and the subject's document as the API answers it.
enum WebhookPayload {
    static func body(_ event: OutboxEvent, webhookID: String, document: Data?) -> Data {
        var object: [String: Any] = [
            "event": event.event, "sequence": event.seq, "time": isoTime(event.createdAt), "subject": event.subjectKind.rawValue,
            "subject_id": event.subjectID, "webhook_id": webhookID,
        ]
        if let jobID = event.jobID { object["job_id"] = jobID }
        if let document, let decoded = try? JSONSerialization.jsonObject(with: document) {
            object[event.subjectKind == .cluster ? "cluster" : event.subjectKind == .execution ? "job" : "data"] = decoded
        }
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
    }

    static func isoTime(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
