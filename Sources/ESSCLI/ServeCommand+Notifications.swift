import ESSCore
import ESSServer
import Foundation
import Jobs
import Notifications

extension ServeCommand {
    /// The master's notification dispatcher: webhooks (hosts checked per `ESS_NOTIFY_DENY`) and
    /// mail (`ESS_SMTP_URL`, `ESS_SMTP_FROM`, `ESS_SMTP_CREDENTIALS`), keeping what has ended for `retention`.
    static func dispatcher(
        master: JobMaster, place: MasterPlace, environment: [String: String], retention: TimeInterval
    ) throws -> NotificationDispatcher {
        let mail: MailSender?
        do {
            mail = try MailSender(environment: environment)
        } catch {
            throw ESSError(.badFile, "the SMTP credentials file ESS_SMTP_CREDENTIALS cannot be read (\(error)); fix it or unset the variable")
        }
        let subjects = MasterSubjects(master: master) { place.readRecord()?.url ?? "" }
        return NotificationDispatcher(store: master.store, subjects: subjects, hosts: HostGuard(environment: environment), mail: mail, retention: retention)
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
}
