import Foundation
import HTTPClient
import JobAPI
import JobClient
import TestSupport
import XCTest

/// The master's client: requests as the contract has them, statuses turned into facts.
final class JobClientTests: XCTestCase {
    func testRequestsGoOutAsTheContractWritesThem() throws {
        let server = try TestHTTPServer { line in
            line.contains("/v1/jobs ") || line.contains("/v1/jobs?") ? #"{"job_id": "3", "ex_id": "4"}"# : #"{"job_id": "3", "ex_id": "4", "status": "stopping"}"#
        }
        defer { server.stop() }
        let client = MasterClient(baseURL: server.url.absoluteString, environment: [:])
        let answer = try client.submit(spec: Data(#"{"name": "a"}"#.utf8), variables: [("DAY", "a+b c")], start: false)
        XCTAssertEqual(answer, SubmitAnswer(job_id: "3", ex_id: "4"))
        _ = try client.stop(.execution("4"), timeout: 30)
        let requests = server.requests
        XCTAssertEqual(requests.count, 2)
        XCTAssertTrue(requests[0].requestLine.hasPrefix("POST /v1/jobs?var=DAY"), requests[0].requestLine)
        XCTAssertTrue(requests[0].requestLine.contains("a%2Bb%20c"), requests[0].requestLine)
        XCTAssertTrue(requests[0].requestLine.contains("&start=false "), requests[0].requestLine)
        XCTAssertEqual(requests[0].body, #"{"name": "a"}"#)
        XCTAssertEqual(requests[0].headers["content-type"], "application/json")
        XCTAssertTrue(requests[1].requestLine.hasPrefix("POST /v1/ex/4/_stop?timeout=30 "), requests[1].requestLine)
    }

    func testAnErrorDocumentBecomesTheMastersFacts() {
        let transport = ScriptedTransport { _ in
            HTTPResponse(status: 400, body: Data(#"{"error": {"code": "bad_request", "message": "`inputs.range.end`: is 1, below `start` (5); expected end ≥ start", "field": "inputs.range.end"}}"#.utf8))
        }
        let client = MasterClient(baseURL: "http://127.0.0.1:1/", transport: transport)
        XCTAssertThrowsError(try client.submit(spec: Data("{}".utf8))) { error in
            guard case JobClientError.api(400, let body, "POST", "/v1/jobs") = error else { return XCTFail("\(error)") }
            XCTAssertEqual(body.field, "inputs.range.end")
            XCTAssertEqual(body.code, "bad_request")
        }
    }

    func testAConflictIsReadAgainToNameTheStatus() {
        let transport = ScriptedTransport { request in
            if request.method == "POST" {
                return HTTPResponse(status: 409, body: Data(#"{"error": {"code": "conflict", "message": "execution 4 is completed"}}"#.utf8))
            }
            return HTTPResponse(status: 200, body: try! JSONEncoder().encode(Fixtures.execution(status: "completed")))
        }
        let client = MasterClient(baseURL: "http://127.0.0.1:1", transport: transport)
        XCTAssertThrowsError(try client.stop(.job("3"))) { error in
            XCTAssertEqual(error as? JobClientError, .refused(action: .stop, target: .job("3"), exID: "4", status: "completed", message: "execution 4 is completed"))
        }
        XCTAssertEqual(transport.paths, ["/v1/jobs/3/_stop", "/v1/jobs/3/ex"])
    }

    func testAnswersThatAreNotDocumentsAreSaidSo() {
        let client = MasterClient(baseURL: "http://127.0.0.1:1", transport: ScriptedTransport { _ in HTTPResponse(status: 502, body: Data("Bad gateway".utf8)) })
        XCTAssertThrowsError(try client.jobs()) { error in
            XCTAssertEqual(error as? JobClientError, .undecodable(status: 502, method: "GET", path: "/v1/jobs", detail: "Bad gateway"))
        }
        let odd = MasterClient(baseURL: "http://127.0.0.1:1", transport: ScriptedTransport { _ in HTTPResponse(status: 200, body: Data("{}".utf8)) })
        XCTAssertThrowsError(try odd.job("3")) { error in
            guard case JobClientError.undecodable(200, "GET", "/v1/jobs/3", let detail) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(detail.hasPrefix("no `"), detail)
        }
    }

    func testTheTokenGoesWithEveryRequestAndA429IsWaitedOut() throws {
        let token = APIToken.random()
        let seen = HeaderLog()
        let transport = ScriptedTransport { request in
            seen.add(request.headers.first { $0.name == "Authorization" }?.value ?? "none")
            if seen.count <= 2 { return HTTPResponse(status: 429, headers: ["retry-after": "2"], body: Data(#"{"error": {"code": "too_many_requests", "message": "wait"}}"#.utf8)) }
            return HTTPResponse(status: 200, body: Data("[]".utf8))
        }
        let clock = ManualClock()
        let client = MasterClient(baseURL: "http://127.0.0.1:1", transport: transport, token: token, pause: { clock.advance($0) })
        XCTAssertEqual(try client.jobs().count, 0)
        XCTAssertEqual(seen.values, Array(repeating: "Bearer " + token.secret, count: 3))
        XCTAssertEqual(clock.sleeps, [2, 2])
        let stubborn = MasterClient(baseURL: "http://127.0.0.1:1", transport: ScriptedTransport { _ in
            HTTPResponse(status: 429, headers: ["retry-after": "1"], body: Data(#"{"error": {"code": "too_many_requests", "message": "wait"}}"#.utf8))
        }, pause: { clock.advance($0) })
        XCTAssertThrowsError(try stubborn.jobs()) { error in
            guard case JobClientError.api(429, _, "GET", "/v1/jobs") = error else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(clock.sleeps, [2, 2, 1, 1, 1], "three waits, then the 429 is the answer")
    }

    func testNothingListeningIsUnreachable() throws {
        let port = LoopbackPort.free()
        let client = MasterClient(baseURL: "http://127.0.0.1:\(port)", environment: [:])
        XCTAssertThrowsError(try client.master()) { error in
            guard case JobClientError.unreachable(let master, let transport) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(master, "http://127.0.0.1:\(port)")
            XCTAssertEqual(transport.kind, .connect)
        }
    }

    func testBackoffDoublesUpToItsCeiling() {
        let backoff = ExponentialBackoff.polling
        XCTAssertEqual((0..<8).map { backoff.delay(after: $0) }, [0.25, 0.5, 1, 2, 4, 5, 5, 5])
        let cut = ExponentialBackoff(initial: 0.1, maximum: 2).delays(within: 1)
        XCTAssertEqual(cut.count, 4)
        XCTAssertEqual(cut.last ?? 0, 0.3, accuracy: 1e-9, "the last delay is cut to the budget")
        XCTAssertEqual(ExponentialBackoff.restarting.delays(within: 6).reduce(0, +), 6, accuracy: 1e-9)
    }

    func testWaitPollsWithBackoffUntilAStatusAskedFor() throws {
        let clock = ManualClock()
        var waiter = StatusWaiter(wanted: ["completed"], timeout: nil)
        waiter.now = { clock.now() }
        waiter.sleep = { clock.advance($0) }
        var answers = ["pending", "running", "running", "running", "completed"]
        XCTAssertEqual(try waiter.wait { answers.removeFirst() }, .reached("completed"))
        XCTAssertEqual(clock.sleeps, [0.25, 0.5, 1, 2])
    }

    func testWaitEndsOnAnotherTerminalStatusOrTheTimeout() throws {
        let clock = ManualClock()
        var waiter = StatusWaiter(wanted: ["completed"], timeout: 3)
        waiter.now = { clock.now() }
        waiter.sleep = { clock.advance($0) }
        XCTAssertEqual(try waiter.wait { "failed" }, .endedElsewhere("failed"))
        XCTAssertEqual(try waiter.wait { "running" }, .timedOut(last: "running", after: 3))
        XCTAssertEqual(clock.sleeps, [0.25, 0.5, 1, 1.25], "the last sleep is cut to the timeout")
        waiter.wanted = ["stopped", "failed"]
        XCTAssertEqual(try waiter.wait { "stopped" }, .reached("stopped"))
    }
}

/// Values seen by a transport, in order.
final class HeaderLog: @unchecked Sendable {
    private let lock = NSLock()
    private var seen: [String] = []

    var values: [String] { lock.withLock { seen } }
    var count: Int { lock.withLock { seen.count } }

    func add(_ value: String) { lock.withLock { seen.append(value) } }
}
