import ESSMaster
import ESSServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JobAPI
import JobsTestSupport
import Logging
import TestSupport
import XCTest

/// The master built as `ess serve` builds it (`buildMaster`), its routes tested in process with
/// HummingbirdTesting: each request goes straight to the application's responder (the access gate
/// and the router, no socket), carrying the master's API token; the store is real SQLite in a
/// temporary folder, the workers are in memory. The server never listens, so the master takes up
/// nothing and its API clusters' ticker does not run: a cluster stays as the routes left it.
struct RouteTester: Sendable {
    let client: any TestClientProtocol
    let token: APIToken
    /// The master's directory.
    let folder: String
    let master: Master

    /// Builds a master over `workers` and runs `body` against its router; the master is shut
    /// down (executions ended, store closed) and its folder removed afterwards.
    static func run(
        _ workers: FakeWorkers = FakeWorkers(), configure: (inout MasterConfiguration) -> Void = { _ in },
        _ body: @escaping @Sendable (RouteTester) async throws -> Void
    ) async throws {
        let folder = TemporaryDirectory("ess-routes")
        defer { folder.remove() }
        let token = APIToken.random()
        var quiet = Logger(label: "ess.master.test")
        quiet.logLevel = .critical
        var configuration = MasterConfiguration(
            directory: folder.path, server: ServerSettings(host: "127.0.0.1", port: 0, access: .token(token)), workers: .given { _ in workers },
            logger: quiet)
        configuration.storePath = folder.path + "/ess.db"
        configuration.outputRoot = folder.path + "/jobs"
        configuration.executions.batchSize = 50
        configure(&configuration)
        let master = try buildMaster(configuration)
        try await master.application.test(.router) { client in
            try await body(RouteTester(client: client, token: token, folder: folder.path, master: master))
        }
    }

    /// One request with the token (or `headers` instead); any status is an answer.
    func call(_ method: String, _ path: String, body: String? = nil, headers: [(name: String, value: String)]? = nil) async throws -> TestResponse {
        try await send(MasterRequest(method: method, path: path, headers: headers ?? [("Authorization", token.bearer)], body: Data((body ?? "").utf8)))
    }

    /// `request` as given: its headers alone, its bytes as the body.
    func send(_ request: MasterRequest) async throws -> TestResponse {
        var fields = HTTPFields()
        for (name, value) in request.headers { fields.append(HTTPField(name: HTTPField.Name(name)!, value: value)) }
        return try await client.execute(uri: request.path, method: HTTPRequest.Method(request.method)!, headers: fields, body: ByteBuffer(bytes: request.body))
    }

    /// A request whose answer must have `status` and decode as `T`.
    func json<T: Decodable>(
        _ type: T.Type, _ method: String, _ path: String, body: String? = nil, status: Int = 200, file: StaticString = #filePath, line: UInt = #line
    ) async throws -> T {
        let response = try await call(method, path, body: body)
        XCTAssertEqual(response.status.code, status, "\(method) \(path): \(String(buffer: response.body))", file: file, line: line)
        XCTAssertEqual(response.headers[.contentType], "application/json; charset=utf-8", file: file, line: line)
        return try JSONDecoder().decode(T.self, from: Data(buffer: response.body))
    }

    /// A request that must be refused with `status` and `code` in the error shape.
    @discardableResult
    func refused(
        _ method: String, _ path: String, body: String? = nil, headers: [(name: String, value: String)]? = nil, status: Int, code: String,
        file: StaticString = #filePath, line: UInt = #line
    ) async throws -> APIErrorDocument.Body {
        let response = try await call(method, path, body: body, headers: headers)
        XCTAssertEqual(response.status.code, status, "\(method) \(path): \(String(buffer: response.body))", file: file, line: line)
        let document = try JSONDecoder().decode(APIErrorDocument.self, from: Data(buffer: response.body))
        XCTAssertEqual(document.error.code, code, file: file, line: line)
        return document.error
    }

    /// Waits until the job's latest execution has one of `statuses`.
    func waitFor(job: String, _ statuses: Set<String>) async throws {
        var status = "unreadable"
        try await waitUntil("job \(job) to be one of \(statuses.sorted()) (it is \(status))") {
            let body = try await call("GET", "/v1/jobs/\(job)/ex").body
            status = try JSONDecoder().decode(ExecutionDocument.self, from: Data(buffer: body))._status
            return statuses.contains(status)
        }
    }

    /// A form body, sent as curl's `-d` sends it, with the token.
    func form(_ method: String, _ path: String, _ body: String) async throws -> TestResponse {
        try await call(method, path, body: body, headers: [("Authorization", token.bearer), ("Content-Type", "application/x-www-form-urlencoded")])
    }
}
