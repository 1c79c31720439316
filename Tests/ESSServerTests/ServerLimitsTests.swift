import ESSServer
import Foundation
import JobAPI
import Platform
import TestSupport
import XCTest

/// Slow or greedy clients against a real listening master: a header that never ends and a
/// body that trickles are cut off after the read timeout, connections beyond the cap wait
/// until one closes, and the master answers others all along. And https with a certificate
/// clients trust.
final class ServerLimitsTests: XCTestCase {
    var server: ServerHarness!

    override func tearDown() {
        server?.stop()
        server = nil
    }

    var port: Int { URL(string: server.url)!.port! }

    func testAHeaderOrBodyThatDoesNotArriveInTimeEndsTheConnection() throws {
        server = try ServerHarness { $0.readTimeout = 1 }
        let started = Date()
        let header = try RawConnection(port: port)
        header.send("GET /v1/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bear")
        let cut = header.read(for: 20)
        XCTAssertTrue(cut.closed, "an unfinished header holds the connection no longer than the read timeout")
        XCTAssertLessThan(Date().timeIntervalSince(started), 20)

        let post = "POST /v1/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: \(server.token.bearer)\r\nContent-Length: 200\r\n\r\n{"
        let stalled = try RawConnection(port: port)
        stalled.send(post)
        XCTAssertTrue(stalled.read(for: 20).closed, "a body that stops arriving holds the connection no longer than the read timeout")

        // A byte every 0.3 s keeps the connection active, but the whole body is late: 408.
        let trickle = try RawConnection(port: port)
        trickle.send(post)
        for _ in 0..<60 where !trickle.readable(within: 0.3) { trickle.send(" ") }
        let answer = trickle.read(for: 20)
        XCTAssertTrue(answer.text.hasPrefix("HTTP/1.1 408"), "[\(answer.text)] closed: \(answer.closed)")
        XCTAssertTrue(answer.text.contains("request_timeout"), answer.text)
        XCTAssertTrue(answer.closed, "and the connection ends")
        XCTAssertEqual(try server.json([JobDocument].self, "GET", "/v1/jobs").count, 0, "nothing was stored")
    }

    func testAnIdleConnectionIsClosedAfterTheReadTimeout() throws {
        server = try ServerHarness { $0.readTimeout = 1 }
        let idle = try RawConnection(port: port)
        idle.send("GET /v1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        let seen = idle.read(for: 20)
        XCTAssertTrue(seen.text.hasPrefix("HTTP/1.1 200"), seen.text)
        XCTAssertTrue(seen.closed, "kept alive only while it is used")
    }

    func testHeadersOver80KBAreRefused() throws {
        server = try ServerHarness()
        let huge = try RawConnection(port: port)
        huge.send("GET /v1 HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Filler: " + String(repeating: "a", count: 100_000) + "\r\n\r\n")
        let seen = huge.read(for: 20)
        XCTAssertTrue(seen.text.hasPrefix("HTTP/1.1 400"), String(seen.text.prefix(200)))
        XCTAssertTrue(seen.closed)
        XCTAssertEqual(try server.json(MasterDocument.self, "GET", "/v1").name, "ess", "the master answers the next client")
    }

    func testConnectionsBeyondTheCapWaitUntilOneCloses() throws {
        server = try ServerHarness { $0.maxConnections = 2 }
        let first = try RawConnection(port: port), second = try RawConnection(port: port)
        first.send("GET /v1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        XCTAssertTrue(first.read(for: 2).text.hasPrefix("HTTP/1.1 200"))
        _ = second
        let waiting = try ChildProcess.run("/usr/bin/env", ["curl", "-sS", "-o", "/dev/null", "--max-time", "2", server.url + "/v1"])
        XCTAssertEqual(waiting.status, 28, "a third connection waits: \(waiting.stderrText)")
        first.close()
        let answered = try ChildProcess.run("/usr/bin/env", ["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "20", server.url + "/v1"])
        XCTAssertEqual(String(decoding: answered.stdout, as: UTF8.self), "200", answered.stderrText)
    }

    func testHTTPSWithATrustedCertificate() throws {
        let folder = TemporaryDirectory("ess-tls")
        defer { folder.remove() }
        let made = try SelfSignedCertificate(in: folder.path)
        server = try ServerHarness {
            $0.tls = .init(certificate: made.certificate, key: made.key)
            $0.readTimeout = 2
        }
        XCTAssertTrue(server.url.hasPrefix("https://127.0.0.1:"), server.url)
        XCTAssertEqual(try server.json([JobDocument].self, "GET", "/v1/jobs").count, 0, "libcurl trusting the certificate, with the token")
        let trusted = try ChildProcess.run("/usr/bin/env", [
            "curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "--cacert", made.certificate, "-H", "Authorization: " + server.token.bearer, server.url + "/v1/jobs",
        ])
        XCTAssertEqual(String(decoding: trusted.stdout, as: UTF8.self), "200", trusted.stderrText)
        let untrusted = try ChildProcess.run("/usr/bin/env", ["curl", "-sS", "-o", "/dev/null", "--max-time", "10", server.url + "/v1"])
        XCTAssertEqual(untrusted.status, 60, "an unknown certificate is refused: \(untrusted.stderrText)")
        let plain = try ChildProcess.run("/usr/bin/env", ["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "10", "http://127.0.0.1:\(port)/v1"])
        XCTAssertNotEqual(String(decoding: plain.stdout, as: UTF8.self), "200", "no plain HTTP on the https port")
        let silent = try RawConnection(port: port)
        XCTAssertTrue(silent.read(for: 20).closed, "a client that never starts the handshake is cut off after the read timeout")
    }

    func testUnusableTLSFilesAreNamed() throws {
        let folder = TemporaryDirectory("ess-tls")
        defer { folder.remove() }
        try Data("not a certificate".utf8).write(to: URL(fileURLWithPath: folder.path + "/bad.pem"))
        let settings = ServerSettings(host: "127.0.0.1", port: 0, access: .token(.random()), tls: .init(certificate: folder.path + "/bad.pem", key: folder.path + "/none.key"))
        XCTAssertThrowsError(try settings.tlsConfiguration()) { error in
            XCTAssertEqual((error as? ServerSettings.TLSFileError)?.path, folder.path + "/bad.pem")
        }
    }
}
