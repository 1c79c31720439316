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
final class ServerHarness: MasterCalls, @unchecked Sendable {
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
        let ready = Handoff<String>()
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

    func send(_ request: MasterRequest) throws -> HTTPResponse {
        try transport.send(HTTPRequest(method: request.method, url: URL(string: url + request.path)!, headers: request.headers, body: request.body))
    }
}
