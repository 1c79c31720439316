import Foundation
import HTTPClient
import MasterModel

/// `mailto:` subscriptions: a message in Agave's words (subject: the job's name and status;
/// body: name, URL, message, submit/start/end times, output path) over SMTP through libcurl.
/// Set from `ESS_SMTP_URL` (`smtp://host:587`, STARTTLS when offered, required with credentials
/// unless on loopback; `smtps://`),
/// `ESS_SMTP_FROM` and `ESS_SMTP_CREDENTIALS` (a file: user name on the first line, password
/// on the second; never printed).
public struct MailSender: Sendable {
    public let server: CurlMail.Server

    public init(server: CurlMail.Server) { self.server = server }

    /// Nil when `ESS_SMTP_URL` is not set; throws when the credentials file cannot be read.
    public init?(environment: [String: String]) throws {
        guard let url = environment["ESS_SMTP_URL"], !url.isEmpty else { return nil }
        var server = CurlMail.Server(url: url, from: environment["ESS_SMTP_FROM"] ?? "ess@localhost")
        if let path = environment["ESS_SMTP_CREDENTIALS"], !path.isEmpty {
            let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            server.username = lines.first.map(String.init)
            server.password = lines.count > 1 ? String(lines[1]) : nil
            // A password goes over TLS only (STARTTLS required), unless the server is on loopback.
            let host = URL(string: url)?.host ?? ""
            server.requireTLS = !(host == "localhost" || host.hasPrefix("127.") || host == "::1")
        }
        self.server = server
    }

    func send(to mailto: String, event: OutboxEvent, variables: [String: String]) -> WebhookSender.Outcome {
        let started = Date()
        let address = String(mailto.dropFirst("mailto:".count).prefix { $0 != "?" }).removingPercentEncoding ?? ""
        let message = Self.message(from: server.from, to: address, event: event, variables: variables)
        do {
            try CurlMail.send(message, to: [address], via: server)
            return .init(url: mailto, status: 250, excerpt: "accepted by \(server.url)", error: nil, milliseconds: Int(Date().timeIntervalSince(started) * 1000))
        } catch {
            return .init(url: mailto, status: nil, excerpt: nil, error: "\(error)", milliseconds: Int(Date().timeIntervalSince(started) * 1000))
        }
    }

    static func message(from: String, to: String, event: OutboxEvent, variables: [String: String]) -> Data {
        let name = variables["JOB_NAME"] ?? variables["CLUSTER_NAME"] ?? "subject \(event.subjectID)"
        let status = variables["JOB_STATUS"] ?? variables["CLUSTER_STATUS"] ?? event.event
        let subject = event.subjectKind == .cluster ? "Cluster \(name) is now \(status)" : "Job \(name) changed status to \(status)"
        var lines = [
            "From: <\(from)>", "To: <\(to)>", "Subject: \(subject)", "Date: \(rfc2822(Date()))", "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8", "", "Event: \(event.event) (sequence \(event.seq))", "Name: \(name)", "Status: \(status)",
        ]
        let labels = [
            ("JOB_ID", "Job id"), ("EXECUTION_ID", "Execution id"), ("JOB_URL", "URL"), ("JOB_ERROR", "Message"), ("JOB_SUBMIT_TIME", "Submitted"),
            ("JOB_START_TIME", "Started"), ("JOB_END_TIME", "Ended"), ("JOB_OUTPUT_PATH", "Output path"), ("CLUSTER_ID", "Cluster id"),
        ]
        for (key, label) in labels { if let value = variables[key], !value.isEmpty { lines.append("\(label): \(value)") } }
        return Data((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    static func rfc2822(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }
}
