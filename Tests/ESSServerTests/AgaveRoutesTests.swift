import Foundation
import HTTPClient
import JobAPI
import JobsTestSupport
import XCTest

/// The Agave dialect through a real listening master and libcurl: the envelope on every
/// answer, statuses in Agave's words, search, history, stop, resubmit, delete, both path forms.
final class AgaveRoutesTests: XCTestCase {
    var server: ServerHarness!

    override func tearDown() {
        server?.stop()
        server = nil
    }

    func envelope<T: Codable & Sendable>(_ type: T.Type, _ method: String, _ path: String, body: String? = nil, status: Int = 200,
                                         file: StaticString = #filePath, line: UInt = #line) throws -> T {
        let answer = try server.json(AgaveEnvelope<T>.self, method, path, body: body, status: status, file: file, line: line)
        XCTAssertEqual(answer.status, "success", file: file, line: line)
        XCTAssertEqual(answer.version, "0.10.0", file: file, line: line)
        return try XCTUnwrap(answer.result, file: file, line: line)
    }

    func testAFinishedJobReadsListsSearchesAndResubmits() throws {
        server = try ServerHarness()
        _ = try server.call("POST", "/v1/jobs", body: MasterServerTests.spec)
        try server.waitFor(job: "1", ["completed"])
        let job = try envelope(AgaveJobDocument.self, "GET", "/jobs/v2/1")
        XCTAssertEqual([job.id, job.status, job.appId, job.name], ["1", "FINISHED", "1", "count"])
        XCTAssertEqual(job.parameters, ["who": "me"])
        XCTAssertNotNil(job.endTime)
        XCTAssertEqual(try envelope(AgaveJobDocument.self, "GET", "/jobs/v2/1/"), job)
        XCTAssertEqual(try envelope(AgaveStatusDocument.self, "GET", "/jobs/v2/1/status"), AgaveStatusDocument(id: "1", status: "FINISHED"))
        let history = try envelope([AgaveHistoryDocument].self, "GET", "/jobs/v2/1/history")
        XCTAssertEqual(history.map(\.status), ["PENDING", "STAGING_INPUTS", "RUNNING", "FINISHED"])
        XCTAssertEqual(try envelope([AgaveHistoryDocument].self, "GET", "/jobs/v2/1/history/?offset=1&limit=2"), Array(history[1...2]))

        let again = try envelope(AgaveJobDocument.self, "POST", "/jobs/v2/1", body: #"{"action":"resubmit"}"#, status: 201)
        XCTAssertEqual(again.id, "2")
        XCTAssertEqual(again.appId, "1")
        try server.waitFor(job: "1", ["completed"])

        for (query, ids) in [
            ("", ["2", "1"]), ("?limit=1", ["2"]), ("?limit=1&offset=1", ["1"]), ("?status.eq=finished", ["2", "1"]), ("?status=RUNNING", []),
            ("?id.gt=1", ["2"]), ("?id.in=1,5", ["1"]), ("?name.like=c*t", ["2", "1"]), ("?name.nlike=*o*", []), ("?appId.eq=1&offset=1", ["1"]),
            ("?submitTime.after=2000-01-01", ["2", "1"]), ("?submitTime.before=2000-01-01T00:00:00Z", []),
        ] {
            XCTAssertEqual(try envelope([AgaveJobDocument].self, "GET", "/jobs/v2/" + query).map(\.id), ids, query)
        }
        XCTAssertEqual(try envelope([AgaveJobDocument].self, "GET", "/jobs/v2").count, 2)
        let naked = try server.json([AgaveJobDocument].self, "GET", "/jobs/v2?naked=true&limit=1")
        XCTAssertEqual(naked.map(\.id), ["2"])
        let filtered = try JSONSerialization.jsonObject(with: try server.call("GET", "/jobs/v2?filter=id,status").body) as? [String: Any]
        XCTAssertEqual(filtered?["result"] as? [[String: String]], [["id": "2", "status": "FINISHED"], ["id": "1", "status": "FINISHED"]])
        XCTAssertEqual(filtered?["status"] as? String, "success")
        let one = try JSONSerialization.jsonObject(with: try server.call("GET", "/jobs/v2/1?filter=name&naked=true").body) as? [String: String]
        XCTAssertEqual(one, ["name": "count"])

        let deleted = try server.json(AgaveEnvelope<AgaveJobDocument>.self, "DELETE", "/jobs/v2/1")
        XCTAssertEqual(deleted.result?.id, "1")
        XCTAssertEqual(try envelope([AgaveJobDocument].self, "GET", "/jobs/v2/").map(\.id), ["2"])
        XCTAssertEqual(try server.call("GET", "/v1/jobs/1").status, 200, "the stored job stays")
    }

    func testStopAnswersTheStoppedJobAndStateForbidsTheRest() throws {
        server = try ServerHarness(FakeWorkers(held: true))
        _ = try server.call("POST", "/v1/jobs", body: MasterServerTests.spec)
        try server.waitFor(job: "1", ["running"])
        XCTAssertEqual(try envelope(AgaveStatusDocument.self, "GET", "/jobs/v2/1/status").status, "RUNNING")
        try refused("DELETE", "/jobs/v2/1", status: 409)
        let again = try envelope(AgaveJobDocument.self, "POST", "/jobs/v2/1", body: #"{"action":"resubmit"}"#, status: 201)
        XCTAssertEqual(again.id, "2", "a resubmission runs beside the job")
        let stopped = try envelope(AgaveJobDocument.self, "POST", "/jobs/v2/1/", body: "action=stop")
        XCTAssertEqual(stopped.status, "STOPPED")
        try refused("POST", "/jobs/v2/1", body: #"{"action":"stop"}"#, status: 409)
    }

    func testErrorsComeInTheEnvelope() throws {
        server = try ServerHarness()
        for (method, path, body, status) in [
            ("GET", "/jobs/v2/9", "", 404), ("GET", "/jobs/v2/x/status", "", 404), ("GET", "/jobs/v2/1/nothing", "", 404),
            ("PUT", "/jobs/v2/1", "", 405), ("GET", "/jobs/v2?colour.eq=red", "", 400), ("GET", "/jobs/v2?name.gt=a", "", 400),
            ("GET", "/jobs/v2?id.eq=one", "", 400), ("GET", "/jobs/v2?endTime.after=soon", "", 400), ("GET", "/jobs/v2?limit=-1", "", 400),
            ("POST", "/jobs/v2/1", #"{"action":"dance"}"#, 400), ("POST", "/jobs/v2/1", "{", 400), ("POST", "/jobs/v2/1", #"{"action":"stop","x":1}"#, 400),
        ] {
            try refused(method, path, body: body, status: status)
        }
        let wrong = try server.call("GET", "/jobs/v2/", headers: [("Authorization", "Bearer not-the-token")])
        XCTAssertEqual(wrong.status, 401)
        XCTAssertEqual(try JSONDecoder().decode(AgaveEnvelope<String>.self, from: wrong.body).status, "error", "a 401 is in the envelope too")
    }

    func testSubmissionStartsTheAppByIdOrNameWithItsParameters() throws {
        server = try ServerHarness()
        _ = try server.call("POST", "/v1/jobs?start=false", body: MasterServerTests.spec)
        let hook = "http://127.0.0.1:9/hook?job=${JOB_ID}"
        let body = #"{"name":"run 1","appId":"1","archive":false,"archivePath":"kept/nowhere","inputs":{},"nodeCount":1,"processorsPerNode":2,"maxRunTime":"01:00:00","#
            + #""memoryPerNode":"4GB","batchQueue":"normal","executionSystem":"0","parameters":{"who":"you"},"#
            + #""notifications":[{"url":"\#(hook)","event":"FINISHED","persistent":true}]}"#
        let first = try envelope(AgaveJobDocument.self, "POST", "/jobs/v2/", body: body, status: 201)
        XCTAssertEqual([first.id, first.appId, first.name, first.executionSystem], ["1", "1", "count", "0"])
        XCTAssertEqual(first.parameters, ["who": "you"])
        try server.waitFor(job: "1", ["completed"])
        let subscriptions = try server.json([NotificationDocument].self, "GET", "/v1/notifications")
        XCTAssertEqual(subscriptions.map(\.ex_id), [1], "the notification follows that execution alone")
        XCTAssertEqual(subscriptions.map(\.job_id), [1])
        XCTAssertEqual(subscriptions.map(\.event), ["FINISHED"])
        let agave = try envelope([AgaveNotificationDocument].self, "GET", "/notifications/v2/?associatedUuid=1")
        XCTAssertEqual(agave.map(\.associatedUuid), ["1"])

        let byName = try envelope(AgaveJobDocument.self, "POST", "/jobs/v2", body: #"{"appId":"count","name":"again"}"#, status: 201)
        XCTAssertEqual([byName.id, byName.appId], ["2", "1"])
        XCTAssertEqual(byName.parameters, ["who": "me"], "no parameters: the job's own")
        try server.waitFor(job: "1", ["completed"])
        let form = try envelope(AgaveJobDocument.self, "POST", "/jobs/v2/", body: "appId=count&name=form+run&archive=false&who=them+all%21", status: 201)
        XCTAssertEqual([form.id, form.appId], ["3", "1"])
        XCTAssertEqual(form.parameters, ["who": "them all!"], "a form's fields other than the job request's are parameters")
        XCTAssertEqual(try server.json([NotificationDocument].self, "GET", "/v1/notifications").count, 1, "later executions add no subscription")
    }

    func testABadSubmissionIsOneErrorInTheEnvelopeAndStoresNothing() throws {
        server = try ServerHarness(FakeWorkers(held: true))
        _ = try server.call("POST", "/v1/jobs?start=false", body: MasterServerTests.spec)
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
            let message = try refused("POST", "/jobs/v2/", body: body, status: status)
            XCTAssertTrue(message.contains("`\(field)`"), "\(body): \(message)")
        }
        let noCluster = try refused("POST", "/jobs/v2/", body: #"{"appId":"1","executionSystem":"99"}"#, status: 422)
        XCTAssertTrue(noCluster.contains("no cluster 99"), noCluster)
        XCTAssertEqual(try envelope([AgaveJobDocument].self, "GET", "/jobs/v2/").count, 0, "nothing started")
        XCTAssertEqual(try server.json([NotificationDocument].self, "GET", "/v1/notifications").count, 0, "nothing subscribed")

        _ = try envelope(AgaveJobDocument.self, "POST", "/jobs/v2/", body: #"{"appId":"1","notifications":\#(hook)}"#, status: 201)
        try server.waitFor(job: "1", ["running"])
        let beside = try envelope(AgaveJobDocument.self, "POST", "/jobs/v2/", body: #"{"appId":"1","notifications":\#(hook)}"#, status: 201)
        XCTAssertEqual(beside.id, "2", "a submission of a running app runs beside it")
        XCTAssertEqual(
            try server.json([NotificationDocument].self, "GET", "/v1/notifications").map(\.ex_id), [1, 2], "each submission's notification follows its own job")
    }

    @discardableResult
    func refused(_ method: String, _ path: String, body: String = "", status: Int, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let response = try server.call(method, path, body: body)
        XCTAssertEqual(response.status, status, "\(method) \(path) \(body): \(String(decoding: response.body, as: UTF8.self))", file: file, line: line)
        let answer = try JSONDecoder().decode(AgaveEnvelope<String>.self, from: response.body)
        XCTAssertEqual(answer.status, "error", file: file, line: line)
        XCTAssertNil(answer.result, file: file, line: line)
        return try XCTUnwrap(answer.message, file: file, line: line)
    }
}
