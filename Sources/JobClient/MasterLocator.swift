import Foundation
import JobAPI

/// Finds this directory's master: `ESS_MASTER` (a URL) if set; else the one `.conf/master.json`
/// names, if its process is alive and `GET /v1` answers (retrying with backoff while it
/// restarts); else it starts one (`start`) and waits for it to answer.
///
/// The world comes in as closures (is a pid alive, does a URL answer, start a master, sleep) so
/// the decisions are tested without processes or sockets.
public struct MasterLocator: Sendable {
    /// Where the master was found, and whether this call started it.
    public struct Found: Sendable, Equatable {
        public var url: String
        public var pid: Int32?
        public var started: Bool

        public init(url: String, pid: Int32?, started: Bool) {
            self.url = url
            self.pid = pid
            self.started = started
        }
    }

    public var directory: String
    public var environment: [String: String]
    public var isAlive: @Sendable (Int32) -> Bool
    public var answers: @Sendable (String) -> Bool
    /// Starts a master for `directory` and returns once the command that starts it has ended.
    public var start: @Sendable () throws -> Void
    public var sleep: @Sendable (Double) -> Void
    public var retries = ExponentialBackoff.restarting.delays(within: 6)

    public init(
        directory: String, environment: [String: String], isAlive: @escaping @Sendable (Int32) -> Bool,
        answers: @escaping @Sendable (String) -> Bool, start: @escaping @Sendable () throws -> Void,
        sleep: @escaping @Sendable (Double) -> Void = { Thread.sleep(forTimeInterval: $0) }
    ) {
        self.directory = directory
        self.environment = environment
        self.isAlive = isAlive
        self.answers = answers
        self.start = start
        self.sleep = sleep
    }

    public var recordPath: String { directory + "/" + MasterRecord.path }

    public func locate() throws -> Found {
        if let given = environment["ESS_MASTER"], !given.isEmpty {
            guard let url = URL(string: given), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
                throw JobClientError.badMasterURL(given)
            }
            return Found(url: given, pid: nil, started: false)
        }
        if let record = readRecord(), isAlive(record.pid) {
            if answers(record.url) { return Found(url: record.url, pid: record.pid, started: false) }
            if let found = try awaitAnswer(from: record) { return found }
        }
        // Another `ess` may start one at the same moment, and then this start fails: whichever
        // master the record names afterwards is the one to use.
        var failure: (any Error)?
        do { try start() } catch { failure = error }
        for delay in [0.0] + retries {
            if delay > 0 { sleep(delay) }
            if let record = readRecord(), isAlive(record.pid), answers(record.url) {
                return Found(url: record.url, pid: record.pid, started: failure == nil)
            }
        }
        if let failure { throw failure }
        throw JobClientError.startedButSilent(url: readRecord()?.url)
    }

    /// A live master that does not answer yet (restarting, busy starting): retry with backoff.
    /// Nil when its process is gone meanwhile and no other took its place (then start one).
    private func awaitAnswer(from record: MasterRecord) throws -> Found? {
        var attempts = 1
        for delay in retries {
            sleep(delay)
            attempts += 1
            guard let current = readRecord(), isAlive(current.pid) else { return nil }
            if answers(current.url) { return Found(url: current.url, pid: current.pid, started: false) }
        }
        throw JobClientError.notAnswering(url: record.url, pid: record.pid, attempts: attempts)
    }

    func readRecord() -> MasterRecord? {
        guard let data = FileManager.default.contents(atPath: recordPath) else { return nil }
        return try? JSONDecoder().decode(MasterRecord.self, from: data)
    }
}
