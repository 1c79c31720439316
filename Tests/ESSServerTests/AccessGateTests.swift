import ESSServer
import Foundation
import JobAPI
import JobsTestSupport
import Platform
import TestSupport
import XCTest

/// The access gate through real HTTP clients (the `curl` program, libcurl): the token in each
/// accepted form, 401 without it or with a wrong one however often (the store unchanged), 429
/// with Retry-After past the failure limit while the right token still passes, `GET /v1` open to
/// all, and `--no-auth`'s Host check.
final class AccessGateTests: XCTestCase {
    var server: ServerHarness!

    override func tearDown() {
        server?.stop()
        server = nil
    }

    /// What `curl -i` saw: the status, the header lines (names lowercased), the body.
    struct Seen {
        var status: Int
        var headers: [(String, String)]
        var body: String

        func values(_ name: String) -> [String] { headers.filter { $0.0 == name }.map(\.1) }
        var code: String? {
            (try? JSONDecoder().decode(APIErrorDocument.self, from: Data(body.utf8)))?.error.code
        }
    }

    /// `curl -sS -i ARGS URL/PATH`.
    func curl(_ path: String, _ arguments: [String] = [], file: StaticString = #filePath, line: UInt = #line) throws -> Seen {
        let outcome = try ChildProcess.run("/usr/bin/env", ["curl", "-sS", "-i", "--max-time", "20"] + arguments + [server.url + path])
        XCTAssertEqual(outcome.status, 0, outcome.stderrText, file: file, line: line)
        let text = String(decoding: outcome.stdout, as: UTF8.self)
        let parts = text.components(separatedBy: "\r\n\r\n")
        let head = parts[0].components(separatedBy: "\r\n")
        let status = Int(head[0].split(separator: " ").dropFirst().first ?? "") ?? 0
        let headers = head.dropFirst().compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (line[..<colon].lowercased(), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        return Seen(status: status, headers: headers, body: parts.dropFirst().joined(separator: "\r\n\r\n"))
    }

    var bearer: [String] { ["-H", "Authorization: " + server.token.bearer] }

    func testEveryRouteButTheDescriptionNeedsTheToken() throws {
        server = try ServerHarness()
        XCTAssertEqual(try curl("/v1").status, 200, "GET /v1 is open")
        XCTAssertEqual(try curl("/v1", ["-I"]).status, 200, "and its HEAD")
        let missing = try curl("/v1/jobs")
        XCTAssertEqual(missing.status, 401)
        XCTAssertEqual(missing.code, "unauthorized")
        XCTAssertEqual(missing.values("www-authenticate"), [#"Bearer realm="ess""#, #"Basic realm="ess""#])
        XCTAssertEqual(missing.values("content-type"), ["application/json; charset=utf-8"])
        let spec = server.folder.path + "/job.json"
        try Data(MasterServerTests.spec.utf8).write(to: URL(fileURLWithPath: spec))
        XCTAssertEqual(try curl("/v1/jobs", ["-XPOST", "--data-binary", "@" + spec]).status, 401)
        XCTAssertEqual(try curl("/v1/jobs", ["-XPOST", "--data-binary", "@" + spec, "-H", "Authorization: Bearer " + APIToken.random().secret]).status, 401)
        XCTAssertEqual(try curl("/v1/jobs", ["-XDELETE", "-H", "Authorization: Bearer"]).status, 401)
        XCTAssertEqual(try curl("/v1/no/such/route").status, 401, "an unknown route says nothing without the token")
        XCTAssertEqual(try server.json([JobDocument].self, "GET", "/v1/jobs").count, 0, "nothing was stored")

        XCTAssertEqual(try curl("/v1/jobs", bearer).status, 200)
        XCTAssertEqual(try curl("/v1/no/such/route", bearer).status, 404)
        XCTAssertEqual(try curl("/v1/jobs", ["-u", server.token.secret + ":"]).status, 200, "Basic, the token as the user, no password")
        let bare = "Basic " + Data(server.token.secret.utf8).base64EncodedString()
        XCTAssertEqual(try curl("/v1/jobs", ["-H", "Authorization: " + bare]).status, 200, "Basic without a colon, as Xplenty's clients send")
        XCTAssertEqual(try curl("/v1/jobs", ["-u", server.token.secret + ":password"]).status, 401)
        let posted = try curl("/v1/jobs", bearer + ["-XPOST", "--data-binary", "@" + spec])
        XCTAssertEqual(posted.status, 201, posted.body)
    }

    func testWrongTokensAreAnswered401AndTheRightOnePassesBetween() throws {
        server = try ServerHarness()
        for attempt in 0..<40 {
            let seen = try curl("/v1/jobs", ["-H", "Authorization: Bearer wrong"])
            XCTAssertEqual(seen.status, 401, "attempt \(attempt): \(seen.body)")
            XCTAssertEqual(seen.code, "unauthorized")
            if attempt % 10 == 9 { XCTAssertEqual(try curl("/v1/jobs", bearer).status, 200, "the right token after \(attempt + 1) wrong ones") }
        }
        XCTAssertEqual(try curl("/v1/jobs").status, 401, "and no token at all")
    }

    func testAFloodOfFailuresIs429WithRetryAfterButTheRightTokenPasses() throws {
        server = try ServerHarness { $0.failureLimit = FailureLimit(burst: 10, perSecond: 0.2) }
        var unauthorized = 0
        var limited: Seen?
        for _ in 0..<40 {
            let seen = try curl("/v1/jobs", ["-H", "Authorization: Bearer wrong"])
            if seen.status == 429 {
                limited = seen
                break
            }
            XCTAssertEqual(seen.status, 401)
            unauthorized += 1
        }
        let refused = try XCTUnwrap(limited, "no 429 after 40 wrong tokens")
        XCTAssertGreaterThanOrEqual(unauthorized, 10, "ten failures at once are allowed")
        XCTAssertEqual(refused.code, "too_many_requests")
        let wait = try XCTUnwrap(refused.values("retry-after").first.flatMap(Int.init), "Retry-After")
        XCTAssertTrue((1...10).contains(wait), "\(wait)")
        XCTAssertEqual(try curl("/v1/jobs").status, 429, "no token is held back too")
        XCTAssertEqual(try curl("/v1/jobs", bearer).status, 200, "while limited, the right token passes")
        XCTAssertEqual(try curl("/v1").status, 200, "GET /v1 stays open")
        Thread.sleep(forTimeInterval: Double(wait) + 0.2)
        XCTAssertEqual(try curl("/v1/jobs", ["-H", "Authorization: Bearer wrong"]).status, 401, "after the wait, a wrong token is 401 again")
    }

    func testNoAuthAnswersOnlyRequestsNamingTheMaster() throws {
        server = try ServerHarness { $0.access = .open(listeningOn: "127.0.0.1") }
        let port = URL(string: server.url)!.port!
        XCTAssertEqual(try curl("/v1/jobs").status, 200, "no token needed")
        XCTAssertEqual(try curl("/v1/jobs", ["-H", "Host: localhost:\(port)"]).status, 200)
        for host in ["evil.example:\(port)", "127.0.0.1.nip.io:\(port)", "evil.example"] {
            let rebound = try curl("/v1/jobs", ["-H", "Host: \(host)"])
            XCTAssertEqual(rebound.status, 400, host)
            XCTAssertEqual(rebound.code, "bad_request")
            XCTAssertTrue(rebound.body.contains(#""field" : "Host""#), rebound.body)
        }
        XCTAssertEqual(try curl("/v1", ["-H", "Host: evil.example:\(port)"]).status, 400, "GET /v1 too")
        let spec = server.folder.path + "/job.json"
        try Data(MasterServerTests.spec.utf8).write(to: URL(fileURLWithPath: spec))
        XCTAssertEqual(try curl("/v1/jobs", ["-H", "Host: evil.example", "-XPOST", "--data-binary", "@" + spec]).status, 400)
        XCTAssertEqual(try server.json([JobDocument].self, "GET", "/v1/jobs").count, 0, "nothing was stored")
    }
}
