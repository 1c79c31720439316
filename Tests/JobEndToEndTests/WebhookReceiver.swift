import Foundation
import TestSupport
import XCTest

/// The project's `Scripts/webhook-receiver` (Python, verifying with `standardwebhooks`) on a free
/// loopback port, started by pid and stopped by pid; what it received, read from its log.
final class WebhookReceiver {
    struct Received {
        var path: String
        var id: String
        var verified: Bool
        var event: String?
        var sequence: Int?
        var subjectID: Int?
        var attempt: Int
        var status: Int
        var arrived: Double
        /// The event's own time (seconds since 1970), from the payload.
        var time: Double?
    }

    let daemon: Daemon
    let port: Int
    let folder: TemporaryDirectory
    var secrets: [String: String] = [:]

    init() throws {
        folder = TemporaryDirectory("ess-webhooks")
        port = LoopbackPort.free()
        try Data("{}".utf8).write(to: URL(fileURLWithPath: folder.path + "/secrets.json"))
        let script = PythonClients.packageRoot + "/Scripts/webhook-receiver"
        daemon = try Daemon(try PythonClients.python(), [script, "--port", String(port), "--secrets", folder.path + "/secrets.json", "--log", folder.path + "/log.jsonl"])
        let (receiver, port) = (daemon, self.port)
        _ = eventually(within: 20, interval: 0.05) { LoopbackPort.accepts(port: port) || !receiver.isRunning }
        guard LoopbackPort.accepts(port: port) else { throw TestFailure("the webhook receiver did not listen on \(port)") }
    }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Tells the receiver the secret that signs `path`'s requests.
    func trust(_ path: String, secret: String) throws {
        secrets[path] = secret
        try JSONSerialization.data(withJSONObject: secrets).write(to: URL(fileURLWithPath: folder.path + "/secrets.json"))
    }

    var received: [Received] {
        let text = (try? String(contentsOfFile: folder.path + "/log.jsonl", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            guard let o = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
            return Received(
                path: o["path"] as? String ?? "", id: o["id"] as? String ?? "", verified: o["verified"] as? Bool ?? false,
                event: o["event"] as? String, sequence: o["sequence"] as? Int, subjectID: o["subject_id"] as? Int,
                attempt: o["attempt"] as? Int ?? 0, status: o["status"] as? Int ?? 0, arrived: o["arrived"] as? Double ?? 0,
                time: (o["time"] as? String).flatMap(Self.seconds))
        }
    }

    static func seconds(_ text: String) -> Double? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)?.timeIntervalSince1970
    }

    func received(at path: String) -> [Received] { received.filter { $0.path == path } }

    /// Waits until `condition` holds of what `path` received.
    @discardableResult
    func wait(_ path: String, timeout: TimeInterval = 60, until condition: ([Received]) -> Bool) -> [Received] {
        var got: [Received] = []
        if eventually(within: timeout, interval: 0.05, { got = received(at: path); return condition(got) }) { return got }
        return received(at: path)
    }

    func stop() {
        daemon.stop()
        folder.remove()
    }
}
