import Foundation
import HTTPClient
import Hummingbird
import HummingbirdTesting
import JobsTestSupport
import TestSupport

/// `RouteTester` for tests written as plain sequential code: the master's router runs in process
/// (HummingbirdTesting, no socket) in a task of its own, and each request is handed to it while
/// the test's thread (never one of the concurrency pool's) waits for the answer. `stop()` ends
/// the task, which shuts the master down and removes its folder.
final class RouteHarness: MasterCalls, @unchecked Sendable {
    let workers: FakeWorkers
    let token: APIToken
    /// The master's directory.
    let folder: String
    private let requests: AsyncStream<Pending>.Continuation
    private let ended = DispatchSemaphore(value: 0)

    init(_ workers: FakeWorkers = FakeWorkers()) throws {
        self.workers = workers
        let (stream, requests) = AsyncStream.makeStream(of: Pending.self)
        self.requests = requests
        let opened = Handoff<Result<RouteTester, any Error>>(), ended = self.ended
        Task {
            defer { ended.signal() }
            do {
                try await RouteTester.run(workers) { tester in
                    opened.set(.success(tester))
                    for await pending in stream {
                        do {
                            pending.answer.set(.success(Self.response(try await tester.send(pending.request))))
                        } catch {
                            pending.answer.set(.failure(error))
                        }
                    }
                }
            } catch {
                opened.set(.failure(error))
            }
        }
        guard let tester = try opened.wait(seconds: 60)?.get() else { throw TestFailure("the master was not built within 60 s") }
        token = tester.token
        folder = tester.folder
    }

    var authorization: [(name: String, value: String)] { [("Authorization", token.bearer)] }

    func send(_ request: MasterRequest) throws -> HTTPClient.HTTPResponse {
        let pending = Pending(request: request)
        requests.yield(pending)
        guard let answer = pending.answer.wait(seconds: 120) else { throw TestFailure("\(request.method) \(request.path) had no answer within 120 s") }
        return try answer.get()
    }

    /// Ends the router's task: the master shuts down (executions end, the store closes) and its
    /// folder goes.
    func stop() {
        requests.finish()
        _ = ended.wait(timeout: .now() + 60)
    }

    /// An in-process answer as a socket's would read: header names lowercased, the last of a
    /// repeated one kept.
    private static func response(_ answer: TestResponse) -> HTTPClient.HTTPResponse {
        let headers = Dictionary(answer.headers.map { ($0.name.canonicalName, $0.value) }, uniquingKeysWith: { $1 })
        return HTTPClient.HTTPResponse(status: answer.status.code, headers: headers, body: Data(buffer: answer.body))
    }

    /// A request handed to the router's task, and its answer handed back.
    private final class Pending: Sendable {
        let request: MasterRequest
        let answer = Handoff<Result<HTTPClient.HTTPResponse, any Error>>()

        init(request: MasterRequest) { self.request = request }
    }
}
