import Foundation
import Platform
import TestSupport
import XCTest

/// `mailto:` subscriptions: the real master sends mail over SMTP through libcurl to a real
/// aiosmtpd on loopback (AUTH required: the credentials come from ESS_SMTP_CREDENTIALS), which
/// writes every message it accepts to a file.
final class NotificationMailTests: JobTestCase {
    override class var nodes: Int { 1 }

    static let sink = """
        import sys, time
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult
        def authenticate(server, session, envelope, mechanism, auth_data):
            with open(sys.argv[2] + ".auth", "a") as out:
                out.write("%s %s\\n" % (mechanism, auth_data.login.decode()))
            return AuthResult(success=(auth_data.login, auth_data.password) == (b"mailer", b"s3cret-pw"))
        class Sink:
            async def handle_DATA(self, server, session, envelope):
                with open(sys.argv[2], "ab") as out:
                    out.write(("FROM %s\\nTO %s\\n" % (envelope.mail_from, ",".join(envelope.rcpt_tos))).encode() + envelope.content + b"\\n.\\n")
                return "250 OK"
        Controller(Sink(), hostname="127.0.0.1", port=int(sys.argv[1]), authenticator=authenticate, auth_required=True,
                   auth_require_tls=False).start()
        while True:
            time.sleep(3600)
        """

    func testAJobsCompletionIsMailedInAgavesWords() throws {
        let folder = TemporaryDirectory("ess-smtp")
        defer { folder.remove() }
        let port = LoopbackPort.free()
        let script = folder.path + "/sink.py", mailbox = folder.path + "/mailbox"
        try Data(Self.sink.utf8).write(to: URL(fileURLWithPath: script))
        let smtp = try Daemon(try PythonClients.python(), [script, String(port), mailbox])
        defer { smtp.stop() }
        _ = eventually(within: 20, interval: 0.05) { LoopbackPort.accepts(port: port) || !smtp.isRunning }
        guard LoopbackPort.accepts(port: port) else { throw TestFailure("the aiosmtpd sink did not listen on \(port)") }
        cluster.signalMaster(SIGTERM)
        cluster.ess.environment["ESS_SMTP_URL"] = "smtp://127.0.0.1:\(port)"
        cluster.ess.environment["ESS_SMTP_FROM"] = "ess@master.test"
        let credentials = folder.path + "/smtp-credentials"
        try Data("mailer\ns3cret-pw\n".utf8).write(to: URL(fileURLWithPath: credentials))
        cluster.ess.environment["ESS_SMTP_CREDENTIALS"] = credentials
        try cluster.startMaster()
        let added = cluster.ess.run(["notify", "add", "--url", "mailto:ops@example.com", "--event", "job.completed"])
        XCTAssertEqual(added.status, 0, added.stderr)
        let spec = try cluster.spec("mailed", ["name": "mailed", "command": "echo {start}", "inputs": ["range": ["start": 1, "end": 2]]])
        let (_, ex) = try cluster.submit(spec)
        XCTAssertEqual(cluster.wait(ex: ex, for: ["completed", "failed"]), "completed")
        var text = ""
        _ = eventually(within: 30, interval: 0.1) {
            text = (try? String(contentsOfFile: mailbox, encoding: .utf8)) ?? ""
            return text.contains("\n.\n")
        }
        XCTAssertTrue(text.contains("FROM ess@master.test"), text)
        XCTAssertTrue(text.contains("TO ops@example.com"), text)
        XCTAssertTrue(text.contains("Subject: Job mailed changed status to completed"), text)
        XCTAssertTrue(text.contains("Execution id: \(ex)"), text)
        XCTAssertTrue(text.contains("Output path: "), text)
        XCTAssertEqual(text.components(separatedBy: "\n.\n").count - 1, 1, "one message: the subscription fires once")
        let logins = (try? String(contentsOfFile: mailbox + ".auth", encoding: .utf8)) ?? ""
        XCTAssertTrue(logins.contains("mailer"), "the master logged in with the file's credentials: \(logins)")
        let said = (cluster.master?.stdout ?? "") + (cluster.master?.stderr ?? "") + added.stdout + added.stderr
        XCTAssertFalse(said.contains("s3cret-pw"), "the SMTP password is never printed")
        let attempts = cluster.ess.run(["notify", "attempts", "1"])
        XCTAssertFalse(attempts.stdout.contains("s3cret-pw"))
    }
}
