import ESSMaster
import ESSServer
import Foundation
import HTTPClient
import JobAPI
import JobModel
import JobStore
import JobsTestSupport
import Logging
import MasterModel
import TestSupport
import XCTest

/// The master as `buildMaster` makes it, run and shut down for real on a loopback port: what
/// a graceful shutdown does, in its order, and what a master that cannot bind its port leaves.
final class MasterLifecycleTests: XCTestCase {
    static let spec = #"{"name":"held","command":"echo {input}","inputs":{"list":["a","b","c"]}}"#

    func testShutdownStopsAcceptingEndsRunningExecutionsAsTerminatedAndClosesTheStore() throws {
        let running = try RunningMaster(FakeWorkers(held: true))
        let made = try running.send("POST", "/v1/jobs", body: Self.spec)
        XCTAssertEqual(made.status, 201)
        try waitUntil("the execution runs") { try running.status(ofJob: 1) == "running" }
        let ended = running.stop()
        XCTAssertEqual(ended, 1, "the shutdown ended the running execution")
        XCTAssertThrowsError(try running.send("GET", "/v1"), "the server no longer accepts")
        XCTAssertEqual(Self.openFiles(under: running.folder.path), [], "the store was closed")
        let store = ExecutionStore(try MasterDatabase(path: running.folder.path + "/ess.db"))
        XCTAssertEqual(try store.execution(1).status, .terminated)
        XCTAssertEqual(try store.history(of: 1).last?.status, .terminated)
        running.folder.remove()
    }

    /// This process's open files in `folder` (from /proc/self/fd).
    static func openFiles(under folder: String) -> [String] {
        let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return descriptors.compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + $0) }.filter { $0.hasPrefix(folder + "/") }
    }

    func testAnAttemptUnderWayAtShutdownIsRecordedBeforeTheStoreCloses() throws {
        let arrived = DispatchSemaphore(value: 0)
        let receiver = try TestHTTPServer { _ in
            arrived.signal()
            Thread.sleep(forTimeInterval: 1.5)
            return "slow but fine"
        }
        defer { receiver.stop() }
        let running = try RunningMaster(FakeWorkers(held: true))
        let subscribed = try running.send("POST", "/v1/notifications", body: #"{"url": "\#(receiver.url)hook", "event": "job.*"}"#)
        XCTAssertEqual(subscribed.status, 201, String(decoding: subscribed.body, as: UTF8.self))
        XCTAssertEqual(try running.send("POST", "/v1/jobs", body: Self.spec).status, 201)
        XCTAssertEqual(arrived.wait(timeout: .now() + 30), .success, "the first delivery reached the receiver")
        _ = running.stop()
        let store = NotificationStore(try MasterDatabase(path: running.folder.path + "/ess.db"))
        let attempts = try store.attempts(of: 1)
        XCTAssertEqual(attempts.first?.statusCode, 200, "the attempt under way was recorded, answer and all")
        running.folder.remove()
    }

    func testAMasterThatCannotBindItsPortTakesUpNothingAndTheNextOneDoes() throws {
        let folder = TemporaryDirectory("ess-master-bind")
        defer { folder.remove() }
        let database = try MasterDatabase(path: folder.path + "/ess.db")
        let store = ExecutionStore(database)
        let spec = try JobSpecParser.parse(Data(Self.spec.utf8))
        let exID = try XCTUnwrap(try store.submit(spec, start: true, at: Date()).execution?.id)
        var write = ExecutionWrite(exID: exID)
        write.status = .running
        try store.apply(write, at: Date())
        database.close()

        let taken = try LoopbackPort.bound(host: "127.0.0.1", port: 0)
        defer { close(taken) }
        XCTAssertEqual(listen(taken, 1), 0)
        let port = try XCTUnwrap(LoopbackPort.port(of: taken))
        let refused = try RunningMaster(FakeWorkers(held: true), folder: folder, port: port, expectListening: false)
        XCTAssertNotNil(refused.failure, "a taken port fails the master")
        XCTAssertEqual(try ExecutionStore(MasterDatabase(path: folder.path + "/ess.db")).execution(exID).status, .running, "nothing was taken up")

        let next = try RunningMaster(FakeWorkers(held: true), folder: folder)
        XCTAssertEqual(try next.ready?.takenUp.get(), [exID])
        XCTAssertEqual(next.stop(), 1)
        XCTAssertEqual(try ExecutionStore(MasterDatabase(path: folder.path + "/ess.db")).execution(exID).status, .terminated)
    }
}

/// A master built with `buildMaster` and running on its own task, over workers in memory, a
/// store in `folder`, listening on `port` (0: any free one) with its API token.
final class RunningMaster: @unchecked Sendable {
    let folder: TemporaryDirectory
    let master: Master
    let token = APIToken.random()
    private(set) var ready: MasterReady?
    private(set) var failure: (any Error)?
    private let ended = DispatchSemaphore(value: 0)
    private let transport = CurlTransport(connectTimeout: 2, timeout: 30, proxy: ProxySettings())

    init(_ workers: FakeWorkers, folder: TemporaryDirectory = TemporaryDirectory("ess-master"), port: Int = 0, expectListening: Bool = true) throws {
        self.folder = folder
        var quiet = Logger(label: "ess.master.test")
        quiet.logLevel = .critical
        var configuration = MasterConfiguration(
            directory: folder.path, server: ServerSettings(host: "127.0.0.1", port: port, access: .token(token)), workers: .given { _ in workers },
            logger: quiet)
        configuration.storePath = folder.path + "/ess.db"
        configuration.outputRoot = folder.path + "/jobs"
        let box = Handoff<MasterReady>()
        configuration.onReady = { box.set($0) }
        master = try buildMaster(configuration)
        let master = self.master, ended = self.ended, failed = FailureBox()
        Task {
            defer { ended.signal() }
            do {
                try await master.run(gracefulShutdownSignals: [])
            } catch {
                failed.set(error)
            }
        }
        if expectListening {
            ready = box.wait(seconds: 30)
            guard ready != nil else { throw TestFailure("the master did not become ready within 30 s") }
        } else {
            _ = ended.wait(timeout: .now() + 30)
            ended.signal()
            failure = failed.error
        }
    }

    var url: String { ready?.url ?? "" }

    func send(_ method: String, _ path: String, body: String = "") throws -> HTTPResponse {
        try transport.send(HTTPRequest(method: method, url: URL(string: url + path)!, headers: [("Authorization", token.bearer)], body: Data(body.utf8)))
    }

    func status(ofJob id: Int) throws -> String {
        try JSONDecoder().decode(ExecutionDocument.self, from: try send("GET", "/v1/jobs/\(id)/ex").body)._status
    }

    /// Shuts the master down as SIGTERM does and waits for it; how many executions it ended.
    @discardableResult
    func stop() -> Int {
        let master = self.master
        Task { await master.shutdown() }
        _ = ended.wait(timeout: .now() + 60)
        return master.endedExecutions
    }
}

final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: (any Error)?

    func set(_ error: any Error) { lock.withLock { stored = error } }

    var error: (any Error)? { lock.withLock { stored } }
}
