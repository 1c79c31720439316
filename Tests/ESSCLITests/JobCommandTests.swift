@testable import ESSCLI
import ESSCore
import HTTPClient
import JobAPI
import JobClient
import XCTest

/// `ess job`: arguments, tables and progress, and the wording of the client's facts.
final class JobCommandTests: XCTestCase {
    func testArgumentsAreCheckedBeforeAnyRequest() {
        for bad in [
            ["job", "status"], ["job", "status", "3", "--ex", "4"], ["job", "status", "x3"], ["job", "wait", "3", "--status", "done"],
            ["job", "stop", "3", "--timeout", "-1"], ["job", "run", "spec.json", "--var", "=1"], ["job", "run", "s", "--var", "A B=1"],
            ["job", "recover", "3", "--cleanup", "some"], ["job", "errors", "3", "--size", "0"], ["job", "logs", "3", "--slice", "-2"],
        ] {
            XCTAssertThrowsError(try Ess.parseAsRoot(bad), bad.joined(separator: " ")) { error in
                XCTAssertEqual(Ess.exitCode(for: error), .validationFailure, "\(bad): \(error)")
            }
        }
        XCTAssertNoThrow(try Ess.parseAsRoot(["job", "wait", "--ex", "7", "--status", "stopped", "--status", "failed", "--timeout", "60"]))
        XCTAssertEqual(try VariableOptions.parse(["DAY=2026-12-01", "Q=a=b"]).map { "\($0.0)|\($0.1)" }, ["DAY|2026-12-01", "Q|a=b"])
    }

    func testProgressLineShowsDoneOfAllRateETAAndFailures() {
        let line = JobProgressLine.render(Fixtures.execution(status: "running"), barWidth: 10)
        XCTAssertEqual(line, "running  [####------]  414/1000 slices  52 slices/s  ETA 12 s  2 failed  1 retried")
        let unknown = JobProgressLine.render(Fixtures.execution(status: "running", stats: Fixtures.stats(processed: 5, failed: 0, total: nil, rate: 2.5)))
        XCTAssertEqual(unknown, "running  5/? slices  2.5 slices/s  1 retried")
        XCTAssertEqual(JobProgressLine.seconds(3725), "1 h 2 min")
        XCTAssertEqual(JobProgressLine.eta(Fixtures.stats(eta: 90)), 90)
    }

    func testTablesAndDetails() {
        let ex = Fixtures.execution(status: "failed", reason: "2 slices failed")
        XCTAssertEqual(JobRenderer.statusTable([ex]), "JOB  EX  STATUS  PROGRESS\n3    4   failed  0.41")
        let details = JobRenderer.details(ex)
        XCTAssertTrue(details.contains("failure    2 slices failed"), details)
        XCTAssertTrue(details.contains("slices     completed 412, error 2, start 6, pending 20, not made yet 560; total 1000 (1 retried)"), details)
        XCTAssertTrue(details.contains("workers    3 active of 4 available"), details)
        XCTAssertTrue(details.contains("took       12.5 s"), details)
        XCTAssertTrue(details.contains("variables  DAY=2"), details)
        XCTAssertTrue(details.contains("\"command\" : \"wc -l\""), details)
        var bare = ex
        bare.spec.variables = [:]
        bare.spec.command = "f() {\n}; f"
        let spec = JobRenderer.details(bare)
        XCTAssertTrue(spec.contains("\"variables\" : {}"), spec)
        XCTAssertTrue(spec.contains(#""command" : "f() {\n}; f""#), "a brace inside a string is left as it is: \(spec)")
        let slice = SliceDocument(
            ex_id: "4", slice: 17, state: "error", attempts: 3, worker: "i-1", exitCode: 2, error: "exit status 2",
            stderr: "line one\nwc: /nope: No such file\n\n", input: ["input": "17"], startedAt: nil, endedAt: nil)
        XCTAssertEqual(
            JobRenderer.errorsTable([slice]),
            "SLICE  WORKER  EXIT  ATTEMPTS  ERROR\n17     i-1     2     3         exit status 2: wc: /nope: No such file")
        XCTAssertEqual(JobRunCommand.summary(ex), "execution 4 of job 3 failed: 412 slices completed, 2 failed, in 12.5 s")
        XCTAssertEqual(JobWaitCommand.list(["stopped", "failed", "completed"]), "completed, failed or stopped")
    }

    func testClientFactsAreWordedWithWhatToDo() {
        let field = JobClientError.api(
            status: 400, error: APIErrorDocument(code: "bad_request", message: "The job spec is refused: `inputs.range.end`: is 1, below `start` (5); expected end ≥ start.", field: "inputs.range.end").error,
            method: "POST", path: "/v1/jobs")
        XCTAssertEqual(
            ErrorRenderer.rendered(field)?.message,
            "the job spec's field `inputs.range.end` is 1, below `start` (5); expected end ≥ start; fix it and run it again (nothing was stored)")
        XCTAssertEqual(ErrorRenderer.rendered(field)?.code, 64)

        let refused = JobClientError.refused(action: .stop, target: .job("3"), exID: "4", status: "completed", message: "")
        XCTAssertEqual(ErrorRenderer.rendered(refused)?.message, "execution 4 is completed; it cannot be stopped")
        XCTAssertEqual(ErrorRenderer.rendered(refused)?.code, 1)
        let delete = JobClientError.refused(action: .delete, target: .job("3"), exID: "4", status: "running", message: "")
        XCTAssertTrue(ErrorRenderer.message(for: delete).hasSuffix("the job cannot be deleted until it ends (`ess job stop 3` first)"))

        let down = JobClientError.unreachable(
            master: "http://127.0.0.1:5678",
            transport: HTTPTransportError(kind: .connect, url: "http://127.0.0.1:5678/v1", detail: "Connection refused", code: 7))
        let text = ErrorRenderer.message(for: down)
        XCTAssertTrue(text.hasPrefix("the master at http://127.0.0.1:5678 does not answer (Connection refused)"), text)
        XCTAssertTrue(text.contains("`ess serve status`"), text)
        XCTAssertEqual(ErrorRenderer.rendered(down)?.code, 69)

        let missing = JobClientError.api(
            status: 404, error: APIErrorDocument(code: "not_found", message: "There is no job 9 on this master; `GET /v1/jobs` lists them.").error,
            method: "GET", path: "/v1/jobs/9")
        XCTAssertEqual(ErrorRenderer.message(for: missing), "there is no job 9 on this master; `ess job list` lists the jobs and their latest executions")
        let never = JobClientError.api(
            status: 404, error: APIErrorDocument(code: "not_found", message: "Job 3 has no execution yet; start one with `POST /v1/jobs/3/_start`.").error,
            method: "GET", path: "/v1/jobs/3/history")
        XCTAssertEqual(ErrorRenderer.message(for: never), "job 3 has no execution yet; start it with `ess job start 3`")
        XCTAssertEqual(ErrorRenderer.rendered(JobClientError.badMasterURL("ftp://x"))?.code, 64)

        let unauthorized = JobClientError.api(status: 401, error: APIErrorDocument(code: "unauthorized", message: "This master needs its API token: …").error, method: "GET", path: "/v1/jobs")
        XCTAssertEqual(ErrorRenderer.rendered(unauthorized)?.code, 77)
        XCTAssertTrue(ErrorRenderer.message(for: unauthorized).contains("/ess/api-token (or there is none there)"), ErrorRenderer.message(for: unauthorized))
        let limited = JobClientError.api(status: 429, error: APIErrorDocument(code: "too_many_requests", message: "Too many …").error, method: "GET", path: "/v1/jobs")
        XCTAssertTrue(ErrorRenderer.message(for: limited).contains("after too many wrong API tokens; try again in a few seconds"), ErrorRenderer.message(for: limited))
    }
}
