import Foundation
import JobAPI
import JobsTestSupport
import TestSupport
import XCTest

/// The Agave dialect in process (`RouteTester`): the envelope on every answer, statuses in Agave's
/// words, search, history, stop, resubmit, delete, both path forms.
final class AgaveRoutesTests: XCTestCase {
    func testAFinishedJobReadsListsSearchesAndResubmits() async throws {
        try await RouteTester.run { server in
            _ = try await server.call("POST", "/v1/jobs", body: MasterServerTests.spec)
            try await server.waitFor(job: "1", ["completed"])
            let job = try await server.envelope(AgaveJobDocument.self, "GET", "/jobs/v2/1")
            XCTAssertEqual([job.id, job.status, job.appId, job.name], ["1", "FINISHED", "1", "count"])
            XCTAssertEqual(job.parameters, ["who": "me"])
            XCTAssertNotNil(job.endTime)
            let slashed = try await server.envelope(AgaveJobDocument.self, "GET", "/jobs/v2/1/")
            XCTAssertEqual(slashed, job)
            let status = try await server.envelope(AgaveStatusDocument.self, "GET", "/jobs/v2/1/status")
            XCTAssertEqual(status, AgaveStatusDocument(id: "1", status: "FINISHED"))
            let history = try await server.envelope([AgaveHistoryDocument].self, "GET", "/jobs/v2/1/history")
            XCTAssertEqual(history.map(\.status), ["PENDING", "STAGING_INPUTS", "RUNNING", "FINISHED"])
            let page = try await server.envelope([AgaveHistoryDocument].self, "GET", "/jobs/v2/1/history/?offset=1&limit=2")
            XCTAssertEqual(page, Array(history[1...2]))

            let again = try await server.envelope(AgaveJobDocument.self, "POST", "/jobs/v2/1", body: #"{"action":"resubmit"}"#, status: 201)
            XCTAssertEqual(again.id, "2")
            XCTAssertEqual(again.appId, "1")
            try await server.waitFor(job: "1", ["completed"])

            for (query, ids) in [
                ("", ["2", "1"]), ("?limit=1", ["2"]), ("?limit=1&offset=1", ["1"]), ("?status.eq=finished", ["2", "1"]), ("?status=RUNNING", []),
                ("?id.gt=1", ["2"]), ("?id.in=1,5", ["1"]), ("?name.like=c*t", ["2", "1"]), ("?name.nlike=*o*", []), ("?appId.eq=1&offset=1", ["1"]),
                ("?submitTime.after=2000-01-01", ["2", "1"]), ("?submitTime.before=2000-01-01T00:00:00Z", []),
            ] {
                let found = try await server.envelope([AgaveJobDocument].self, "GET", "/jobs/v2/" + query).map(\.id)
                XCTAssertEqual(found, ids, query)
            }
            let all = try await server.envelope([AgaveJobDocument].self, "GET", "/jobs/v2")
            XCTAssertEqual(all.count, 2)
            let naked = try await server.json([AgaveJobDocument].self, "GET", "/jobs/v2?naked=true&limit=1")
            XCTAssertEqual(naked.map(\.id), ["2"])
            let filteredBody = try await server.call("GET", "/jobs/v2?filter=id,status").body
            let filtered = try JSONSerialization.jsonObject(with: Data(buffer: filteredBody)) as? [String: Any]
            XCTAssertEqual(filtered?["result"] as? [[String: String]], [["id": "2", "status": "FINISHED"], ["id": "1", "status": "FINISHED"]])
            XCTAssertEqual(filtered?["status"] as? String, "success")
            let oneBody = try await server.call("GET", "/jobs/v2/1?filter=name&naked=true").body
            let one = try JSONSerialization.jsonObject(with: Data(buffer: oneBody)) as? [String: String]
            XCTAssertEqual(one, ["name": "count"])

            let deleted = try await server.json(AgaveEnvelope<AgaveJobDocument>.self, "DELETE", "/jobs/v2/1")
            XCTAssertEqual(deleted.result?.id, "1")
            let left = try await server.envelope([AgaveJobDocument].self, "GET", "/jobs/v2/").map(\.id)
            XCTAssertEqual(left, ["2"])
            let stored = try await server.call("GET", "/v1/jobs/1").status.code
            XCTAssertEqual(stored, 200, "the stored job stays")
        }
    }

    func testStopAnswersTheStoppedJobAndStateForbidsTheRest() async throws {
        try await RouteTester.run(FakeWorkers(held: true)) { server in
            _ = try await server.call("POST", "/v1/jobs", body: MasterServerTests.spec)
            try await server.waitFor(job: "1", ["running"])
            let running = try await server.envelope(AgaveStatusDocument.self, "GET", "/jobs/v2/1/status").status
            XCTAssertEqual(running, "RUNNING")
            try await server.agaveRefused("DELETE", "/jobs/v2/1", status: 409)
            let again = try await server.envelope(AgaveJobDocument.self, "POST", "/jobs/v2/1", body: #"{"action":"resubmit"}"#, status: 201)
            XCTAssertEqual(again.id, "2", "a resubmission runs beside the job")
            let stopped = try await server.envelope(AgaveJobDocument.self, "POST", "/jobs/v2/1/", body: "action=stop")
            XCTAssertEqual(stopped.status, "STOPPED")
            try await server.agaveRefused("POST", "/jobs/v2/1", body: #"{"action":"stop"}"#, status: 409)
        }
    }

    func testErrorsComeInTheEnvelope() async throws {
        try await RouteTester.run { server in
            for (method, path, body, status) in [
                ("GET", "/jobs/v2/9", "", 404), ("GET", "/jobs/v2/x/status", "", 404), ("GET", "/jobs/v2/1/nothing", "", 404),
                ("PUT", "/jobs/v2/1", "", 405), ("GET", "/jobs/v2?colour.eq=red", "", 400), ("GET", "/jobs/v2?name.gt=a", "", 400),
                ("GET", "/jobs/v2?id.eq=one", "", 400), ("GET", "/jobs/v2?endTime.after=soon", "", 400), ("GET", "/jobs/v2?limit=-1", "", 400),
                ("POST", "/jobs/v2/1", #"{"action":"dance"}"#, 400), ("POST", "/jobs/v2/1", "{", 400), ("POST", "/jobs/v2/1", #"{"action":"stop","x":1}"#, 400),
            ] {
                try await server.agaveRefused(method, path, body: body, status: status)
            }
            let wrong = try await server.call("GET", "/jobs/v2/", headers: [("Authorization", "Bearer not-the-token")])
            XCTAssertEqual(wrong.status.code, 401)
            XCTAssertEqual(try JSONDecoder().decode(AgaveEnvelope<String>.self, from: Data(buffer: wrong.body)).status, "error", "a 401 is in the envelope too")
        }
    }

    func testSubmissionStartsTheAppByIdOrNameWithItsParameters() async throws {
        try await RouteTester.run { server in
            _ = try await server.call("POST", "/v1/jobs?start=false", body: MasterServerTests.spec)
            let hook = "http://127.0.0.1:9/hook?job=${JOB_ID}"
            let body = #"{"name":"run 1","appId":"1","archive":false,"archivePath":"kept/nowhere","inputs":{},"nodeCount":1,"processorsPerNode":2,"maxRunTime":"01:00:00","#
                + #""memoryPerNode":"4GB","batchQueue":"normal","executionSystem":"0","parameters":{"who":"you"},"#
                + #""notifications":[{"url":"\#(hook)","event":"FINISHED","persistent":true}]}"#
            let first = try await server.envelope(AgaveJobDocument.self, "POST", "/jobs/v2/", body: body, status: 201)
            XCTAssertEqual([first.id, first.appId, first.name, first.executionSystem], ["1", "1", "count", "0"])
            XCTAssertEqual(first.parameters, ["who": "you"])
            try await server.waitFor(job: "1", ["completed"])
            let subscriptions = try await server.json([NotificationDocument].self, "GET", "/v1/notifications")
            XCTAssertEqual(subscriptions.map(\.ex_id), [1], "the notification follows that execution alone")
            XCTAssertEqual(subscriptions.map(\.job_id), [1])
            XCTAssertEqual(subscriptions.map(\.event), ["FINISHED"])
            let agave = try await server.envelope([AgaveNotificationDocument].self, "GET", "/notifications/v2/?associatedUuid=1")
            XCTAssertEqual(agave.map(\.associatedUuid), ["1"])

            let byName = try await server.envelope(AgaveJobDocument.self, "POST", "/jobs/v2", body: #"{"appId":"count","name":"again"}"#, status: 201)
            XCTAssertEqual([byName.id, byName.appId], ["2", "1"])
            XCTAssertEqual(byName.parameters, ["who": "me"], "no parameters: the job's own")
            try await server.waitFor(job: "1", ["completed"])
            let form = try await server.envelope(
                AgaveJobDocument.self, "POST", "/jobs/v2/", body: "appId=count&name=form+run&archive=false&who=them+all%21", status: 201)
            XCTAssertEqual([form.id, form.appId], ["3", "1"])
            XCTAssertEqual(form.parameters, ["who": "them all!"], "a form's fields other than the job request's are parameters")
            let later = try await server.json([NotificationDocument].self, "GET", "/v1/notifications")
            XCTAssertEqual(later.count, 1, "later executions add no subscription")
        }
    }

    func testABadSubmissionIsOneErrorInTheEnvelopeAndStoresNothing() async throws {
        try await RouteTester.run(FakeWorkers(held: true)) { server in
            _ = try await server.call("POST", "/v1/jobs?start=false", body: MasterServerTests.spec)
            let hook = #"[{"url":"http://127.0.0.1:9/h","event":"FINISHED"}]"#
            for (body, status, field) in [
                ("{", 400, "body"), ("", 400, "appId"), (#"{"name":"x"}"#, 400, "appId"), (#"{"appId":"nothing-1.0"}"#, 400, "appId"),
                (#"{"appId":"9"}"#, 400, "appId"), (#"{"appId":1}"#, 400, "appId"), (#"["appId"]"#, 400, "body"),
                (#"{"appId":"1","parameters":{"colour":"red"}}"#, 400, "parameters.colour"), (#"{"appId":"1","parameters":"who=you"}"#, 400, "parameters"),
                (#"{"appId":"1","parameters":{"who":["a","b"]}}"#, 400, "parameters.who"), (#"{"appId":"1","inputs":{"query1":"agave://x/y"}}"#, 400, "inputs.query1"),
                (#"{"appId":"1","inputs":["x"]}"#, 400, "inputs"), (#"{"appId":"1","archive":"yes"}"#, 400, "archive"),
                (#"{"appId":"1","archive":true,"archivePath":"/tmp/out"}"#, 400, "archivePath"), (#"{"appId":"1","archiveSystem":"corral"}"#, 400, "archiveSystem"),
                (#"{"appId":"1","executionSystem":"stampede"}"#, 400, "executionSystem"),
                (#"{"appId":"1","nodeCount":0}"#, 400, "nodeCount"), (#"{"appId":"1","name":7}"#, 400, "name"), (#"{"appId":"1","colour":"red"}"#, 400, "colour"),
                (#"{"appId":"1","notifications":{"url":"http://127.0.0.1:9/h"}}"#, 400, "notifications"),
                (#"{"appId":"1","notifications":[{"url":"ftp://127.0.0.1/h","event":"FINISHED"}]}"#, 400, "notifications[0].url"),
                (#"{"appId":"1","notifications":[{"url":"http://127.0.0.1:9/h","event":"SOMETIMES"}]}"#, 400, "notifications[0].event"),
                ("appId=1&colour=red", 400, "colour"), ("appId=1&notifications=\(hook)", 400, "notifications"), ("name=x", 400, "appId"),
                ("appId=1&who=a&who=b", 400, "who"), ("appId=1&nodeCount=many", 400, "nodeCount"),
            ] {
                let message = try await server.agaveRefused("POST", "/jobs/v2/", body: body, status: status)
                XCTAssertTrue(message.contains("`\(field)`"), "\(body): \(message)")
            }
            let noCluster = try await server.agaveRefused("POST", "/jobs/v2/", body: #"{"appId":"1","executionSystem":"99"}"#, status: 422)
            XCTAssertTrue(noCluster.contains("no cluster 99"), noCluster)
            let started = try await server.envelope([AgaveJobDocument].self, "GET", "/jobs/v2/")
            XCTAssertEqual(started.count, 0, "nothing started")
            let subscribed = try await server.json([NotificationDocument].self, "GET", "/v1/notifications")
            XCTAssertEqual(subscribed.count, 0, "nothing subscribed")

            _ = try await server.envelope(AgaveJobDocument.self, "POST", "/jobs/v2/", body: #"{"appId":"1","notifications":\#(hook)}"#, status: 201)
            try await server.waitFor(job: "1", ["running"])
            let beside = try await server.envelope(AgaveJobDocument.self, "POST", "/jobs/v2/", body: #"{"appId":"1","notifications":\#(hook)}"#, status: 201)
            XCTAssertEqual(beside.id, "2", "a submission of a running app runs beside it")
            let after = try await server.json([NotificationDocument].self, "GET", "/v1/notifications")
            XCTAssertEqual(after.map(\.ex_id), [1, 2], "each submission's notification follows its own job")
        }
    }
}

/// Agave's envelope over `RouteTester`'s answers.
extension RouteTester {
    /// A request whose answer must have `status`, come in the envelope (`success`, version 0.10.0)
    /// and carry a `T`.
    func envelope<T: Codable & Sendable>(
        _ type: T.Type, _ method: String, _ path: String, body: String? = nil, status: Int = 200, file: StaticString = #filePath, line: UInt = #line
    ) async throws -> T {
        let answer = try await json(AgaveEnvelope<T>.self, method, path, body: body, status: status, file: file, line: line)
        XCTAssertEqual(answer.status, "success", file: file, line: line)
        XCTAssertEqual(answer.version, "0.10.0", file: file, line: line)
        return try XCTUnwrap(answer.result, file: file, line: line)
    }

    /// A request that must be refused with `status`, an error in the envelope; its message.
    @discardableResult
    func agaveRefused(_ method: String, _ path: String, body: String = "", status: Int, file: StaticString = #filePath, line: UInt = #line) async throws -> String {
        let response = try await call(method, path, body: body)
        XCTAssertEqual(response.status.code, status, "\(method) \(path) \(body): \(String(buffer: response.body))", file: file, line: line)
        let answer = try JSONDecoder().decode(AgaveEnvelope<String>.self, from: Data(buffer: response.body))
        XCTAssertEqual(answer.status, "error", file: file, line: line)
        XCTAssertNil(answer.result, file: file, line: line)
        return try XCTUnwrap(answer.message, file: file, line: line)
    }
}
