import ESSServer
import Foundation
import HTTPClient
import JobAPI
import JobStore
import Jobs
import JobsTestSupport
import Logging
import TestSupport
import XCTest

/// A real master listening on a free loopback port, over a real store in a temporary folder
/// and workers in memory; requests go through libcurl. `stop()` ends exactly this server.
final class ServerHarness: @unchecked Sendable {
    let folder = TemporaryDirectory("ess-server")
    let workers: FakeWorkers
    let store: JobStore
    let master: JobMaster
    private(set) var url = ""
    private let ended = DispatchSemaphore(value: 0)
    private var task: Task<Void, any Error>?
    let transport = CurlTransport(connectTimeout: 5, timeout: 60, proxy: ProxySettings())

    init(_ workers: FakeWorkers = FakeWorkers()) throws {
        self.workers = workers
        store = try JobStore(path: folder.path + "/ess.db")
        master = JobMaster(store: store, source: workers, outputRoot: folder.path + "/jobs", directory: folder.path, batchSize: 50)
        let port = PortBox()
        var quiet = Logger(label: "ess.master.test")
        quiet.logLevel = .critical
        let app = MasterServer.application(
            master: master, identity: .init(directory: folder.path, pid: getpid(), started: Date()), host: "127.0.0.1", port: 0,
            logger: quiet
        ) { port.set($0) }
        let ended = self.ended
        task = Task {
            defer { ended.signal() }
            try await app.run()
        }
        guard let bound = port.wait(seconds: 30) else { throw TestFailure("the server did not start listening within 30 s") }
        url = "http://127.0.0.1:\(bound)"
    }

    /// Cancels the server's task (it closes its listener and connections), then shuts the
    /// master down.
    func stop() {
        task?.cancel()
        _ = ended.wait(timeout: .now() + 30)
        master.shutdown()
        folder.remove()
    }

    /// One request; any status is an answer.
    func call(_ method: String, _ path: String, body: String? = nil, data: Data? = nil) throws -> HTTPResponse {
        try transport.send(HTTPRequest(method: method, url: URL(string: url + path)!, body: data ?? Data((body ?? "").utf8)))
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
    func refused(_ method: String, _ path: String, body: String? = nil, data: Data? = nil, status: Int, code: String,
                 file: StaticString = #filePath, line: UInt = #line) throws -> APIErrorDocument.Body {
        let response = try call(method, path, body: body, data: data)
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

/// The port the server bound, handed from its task to the test's thread.
final class PortBox: @unchecked Sendable {
    private let condition = NSCondition()
    private var port: Int?

    func set(_ value: Int) {
        condition.lock()
        port = value
        condition.broadcast()
        condition.unlock()
    }

    func wait(seconds: TimeInterval) -> Int? {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date().addingTimeInterval(seconds)
        while port == nil, condition.wait(until: deadline) {}
        return port
    }
}
