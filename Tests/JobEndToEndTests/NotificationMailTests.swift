import Foundation
import Platform
import TestSupport
import XCTest

/// `mailto:` subscriptions: the real master sends mail over SMTP through libcurl to a real
/// aiosmtpd on loopback, which writes every message it accepts to a file.
final class NotificationMailTests: JobTestCase {
    override class var nodes: Int { 1 }

    static let sink = """
        import sys, time
        from aiosmtpd.controller import Controller
        class Sink:
            async def handle_DATA(self, server, session, envelope):
                with open(sys.argv[2], "ab") as out:
                    out.write(("FROM %s\\nTO %s\\n" % (envelope.mail_from, ",".join(envelope.rcpt_tos))).encode() + envelope.content + b"\\n.\\n")
                return "250 OK"
        Controller(Sink(), hostname="127.0.0.1", port=int(sys.argv[1])).start()
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
        let deadline = Date().addingTimeInterval(20)
        while !LoopbackPort.accepts(port: port) && Date() < deadline { usleep(50_000) }
        cluster.signalMaster(SIGTERM)
        cluster.ess.environment["ESS_SMTP_URL"] = "smtp://127.0.0.1:\(port)"
        cluster.ess.environment["ESS_SMTP_FROM"] = "ess@master.test"
        try cluster.startMaster()
        let added = cluster.ess.run(["notify", "add", "--url", "mailto:ops@example.com", "--event", "job.completed"])
        XCTAssertEqual(added.status, 0, added.stderr)
        let spec = try cluster.spec("mailed", ["name": "mailed", "command": "echo {start}", "inputs": ["range": ["start": 1, "end": 2]]])
        let (_, ex) = try cluster.submit(spec)
        XCTAssertEqual(cluster.wait(ex: ex, for: ["completed", "failed"]), "completed")
        var text = ""
        let until = Date().addingTimeInterval(30)
        while !text.contains("\n.\n") && Date() < until {
            text = (try? String(contentsOfFile: mailbox, encoding: .utf8)) ?? ""
            usleep(100_000)
        }
        XCTAssertTrue(text.contains("FROM ess@master.test"), text)
        XCTAssertTrue(text.contains("TO ops@example.com"), text)
        XCTAssertTrue(text.contains("Subject: Job mailed changed status to completed"), text)
        XCTAssertTrue(text.contains("Execution id: \(ex)"), text)
        XCTAssertTrue(text.contains("Output path: "), text)
        XCTAssertEqual(text.components(separatedBy: "\n.\n").count - 1, 1, "one message: the subscription fires once")
    }
}
