import ESSMaster
import ESSServer
import Foundation
import HTTPClient
import JobAPI
import Jobs
import JobsTestSupport
import Logging
import TestSupport
import XCTest

/// A real master listening on a free loopback port, built as `ess serve` builds it
/// (`buildMaster`), over a real store in a temporary folder and workers in memory; requests go
/// through libcurl and carry the master's API token. `stop()` shuts exactly this master down.
final class ServerHarness: @unchecked Sendable {
    let folder = TemporaryDirectory("ess-server")
    let workers: FakeWorkers
    let built: Master
    var master: JobMaster { built.jobs }
    /// This master's token (unless `configure` opened it with `--no-auth`).
    let token = APIToken.random()
    let settings: ServerSettings
    private(set) var url = ""
    private let ended = DispatchSemaphore(value: 0)
    let transport: CurlTransport

    /// `configure` changes the settings (access, TLS, limits) before the server starts.
    init(_ workers: FakeWorkers = FakeWorkers(), configure: (inout ServerSettings) -> Void = { _ in }) throws {
        self.workers = workers
        var settings = ServerSettings(host: "127.0.0.1", port: 0, access: .token(token))
        configure(&settings)
        self.settings = settings
        transport = CurlTransport(connectTimeout: 5, timeout: 60, proxy: ProxySettings(), caFile: settings.tls?.certificate)
        var quiet = Logger(label: "ess.master.test")
        quiet.logLevel = .critical
        var configuration = MasterConfiguration(directory: folder.path, server: settings, workers: .given { _ in workers }, logger: quiet)
        configuration.storePath = folder.path + "/ess.db"
        configuration.outputRoot = folder.path + "/jobs"
        configuration.executions.batchSize = 50
        let ready = ReadyBox()
        configuration.onReady = { ready.set($0.url) }
        built = try buildMaster(configuration)
        let built = self.built, ended = self.ended
        Task {
            defer { ended.signal() }
            try await built.run(gracefulShutdownSignals: [])
        }
        guard let url = ready.wait(seconds: 30) else { throw TestFailure("the server did not start listening within 30 s") }
        self.url = url
    }

    /// The `Authorization` header this harness sends.
    var authorization: [(name: String, value: String)] {
        if case .token = settings.access { return [("Authorization", token.bearer)] }
        return []
    }

    /// Shuts the master down as SIGTERM would (the server stops, executions end, the store
    /// closes) and waits for it, then removes its folder.
    func stop() {
        let built = self.built
        Task { await built.shutdown() }
        _ = ended.wait(timeout: .now() + 60)
        folder.remove()
    }

    /// One request with the token (or `headers` instead); any status is an answer.
    func call(_ method: String, _ path: String, body: String? = nil, data: Data? = nil, headers: [(name: String, value: String)]? = nil) throws -> HTTPResponse {
        let request = HTTPRequest(method: method, url: URL(string: url + path)!, headers: headers ?? authorization, body: data ?? Data((body ?? "").utf8))
        return try transport.send(request)
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
        let deadline = Date().addingTimeInterval(30)
        while true {
            let document = try JSONDecoder().decode(ExecutionDocument.self, from: try call("GET", "/v1/jobs/\(job)/ex").body)
            if statuses.contains(document._status) { return }
            guard Date() < deadline else { return XCTFail("job \(job) is \(document._status), not \(statuses)", file: file, line: line) }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }
}

/// The master's URL once it is ready, handed from its task to the test's thread.
final class ReadyBox: @unchecked Sendable {
    private let condition = NSCondition()
    private var url: String?

    func set(_ value: String) {
        condition.lock()
        url = value
        condition.broadcast()
        condition.unlock()
    }

    func wait(seconds: TimeInterval) -> String? {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date().addingTimeInterval(seconds)
        while url == nil, condition.wait(until: deadline) {}
        return url
    }
}
