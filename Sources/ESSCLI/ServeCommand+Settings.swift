import ESSCore
import ESSMaster
import Foundation
import Jobs
import Notifications

/// The master's settings that `ess serve` takes from the environment, checked before anything starts.
extension ServeCommand {
    /// Webhooks' hosts (`ESS_NOTIFY_DENY`) and mail (`ESS_SMTP_URL`, `ESS_SMTP_FROM`,
    /// `ESS_SMTP_CREDENTIALS`); the retention is checked apart, before `--detach`.
    static func notificationSettings(environment: [String: String]) throws -> NotificationSettings {
        var settings = NotificationSettings()
        settings.hosts = HostGuard(environment: environment)
        do {
            settings.mail = try MailSender(environment: environment)
        } catch {
            throw ESSError(.badFile, "the SMTP credentials file ESS_SMTP_CREDENTIALS cannot be read (\(error)); fix it or unset the variable")
        }
        return settings
    }

    /// How long ended notifications (deliveries, their attempts, events) are kept:
    /// `ESS_NOTIFY_KEEP_DAYS` whole days, 30 when unset.
    static func notificationRetention(environment: [String: String]) throws -> TimeInterval {
        guard let text = environment["ESS_NOTIFY_KEEP_DAYS"] else { return NotificationDispatcher.defaultRetention }
        guard let days = Int(text), (1...36500).contains(days) else {
            throw ESSError(.usage, "ESS_NOTIFY_KEEP_DAYS must be a whole number of days from 1 to 36500, found \"\(text)\"; fix it or unset it (30 days)")
        }
        return TimeInterval(days) * 86400
    }

    /// The most nodes the API clusters may have together: `ESS_API_MAX_NODES`, else the default.
    static func maxNodes(environment: [String: String]) -> Int {
        environment["ESS_API_MAX_NODES"].flatMap(Int.init).flatMap { $0 >= 0 ? $0 : nil } ?? ClusterRequest.maximumNodes
    }
}
