import ESSCore
import ESSServer
import Foundation
import Jobs
import Notifications

extension ServeCommand {
    /// The master's notification dispatcher: webhooks (hosts checked per `ESS_NOTIFY_DENY`) and
    /// mail (`ESS_SMTP_URL`, `ESS_SMTP_FROM`, `ESS_SMTP_CREDENTIALS`).
    static func dispatcher(master: JobMaster, place: MasterPlace, environment: [String: String]) throws -> NotificationDispatcher {
        let mail: MailSender?
        do {
            mail = try MailSender(environment: environment)
        } catch {
            throw ESSError(.badFile, "the SMTP credentials file ESS_SMTP_CREDENTIALS cannot be read (\(error)); fix it or unset the variable")
        }
        let subjects = MasterSubjects(master: master) { place.readRecord()?.url ?? "" }
        return NotificationDispatcher(store: master.store, subjects: subjects, hosts: HostGuard(environment: environment), mail: mail)
    }
}
