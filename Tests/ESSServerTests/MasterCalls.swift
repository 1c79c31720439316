import Foundation
import HTTPClient
import JobAPI
import TestSupport
import XCTest

/// A master as route tests ask it, through a socket (`ServerHarness`) or in process
/// (`RouteHarness`): `send` answers one request, and the checks every test uses are built on it.
protocol MasterCalls {
    /// The master's token.
    var token: APIToken { get }
    /// The `Authorization` header sent unless a test gives its own.
    var authorization: [(name: String, value: String)] { get }
    /// One request; any status is an answer.
    func send(_ request: MasterRequest) throws -> HTTPResponse
}

/// One request to a master: a path below its URL, the body as bytes.
struct MasterRequest: Sendable {
    let method: String
    let path: String
    let headers: [(name: String, value: String)]
    let body: Data
}

extension MasterCalls {
    /// One request with the token (or `headers` instead); any status is an answer.
    func call(_ method: String, _ path: String, body: String? = nil, data: Data? = nil, headers: [(name: String, value: String)]? = nil) throws -> HTTPResponse {
        try send(MasterRequest(method: method, path: path, headers: headers ?? authorization, body: data ?? Data((body ?? "").utf8)))
    }

    /// A request whose answer must have `status` and decode as `T`.
    func json<T: Decodable>(
        _ type: T.Type, _ method: String, _ path: String, body: String? = nil, status: Int = 200, file: StaticString = #filePath, line: UInt = #line
    ) throws -> T {
        let response = try call(method, path, body: body)
        XCTAssertEqual(response.status, status, "\(method) \(path): \(String(decoding: response.body, as: UTF8.self))", file: file, line: line)
        XCTAssertEqual(response.headers["content-type"], "application/json; charset=utf-8", file: file, line: line)
        return try JSONDecoder().decode(T.self, from: response.body)
    }

    /// A request that must be refused with `status` and `code` in the error shape.
    @discardableResult
    func refused(_ method: String, _ path: String, body: String? = nil, data: Data? = nil, headers: [(name: String, value: String)]? = nil,
                 status: Int, code: String, file: StaticString = #filePath, line: UInt = #line) throws -> APIErrorDocument.Body {
        let response = try call(method, path, body: body, data: data, headers: headers)
        XCTAssertEqual(response.status, status, "\(method) \(path): \(String(decoding: response.body, as: UTF8.self))", file: file, line: line)
        let document = try JSONDecoder().decode(APIErrorDocument.self, from: response.body)
        XCTAssertEqual(document.error.code, code, file: file, line: line)
        return document.error
    }

    /// Waits until the job's latest execution has one of `statuses`.
    func waitFor(job: String, _ statuses: Set<String>, file: StaticString = #filePath, line: UInt = #line) throws {
        var status = ""
        let reached = try eventually(within: 30) {
            status = try JSONDecoder().decode(ExecutionDocument.self, from: try call("GET", "/v1/jobs/\(job)/ex").body)._status
            return statuses.contains(status)
        }
        if !reached { XCTFail("job \(job) is \(status), not \(statuses)", file: file, line: line) }
    }
}
