import Foundation
import Platform

/// A harness directory's master: `ess serve --listen 127.0.0.1:0` in the foreground of a child
/// process, its URL read from `.conf/master.json` once that names this pid and `GET /v1`
/// answers (over TLS trusting the certificate the record names). `stop()` ends exactly this process.
public final class EssMaster: @unchecked Sendable {
    public let process: EssProcess
    /// `http://127.0.0.1:PORT` (`https://` with `--tls-cert`).
    public private(set) var url = ""
    let ess: EssHarness

    public init(_ ess: EssHarness, arguments extra: [String] = [], timeout: TimeInterval = 60) throws {
        self.ess = ess
        let record = ess.work + "/.conf/master.json"
        try? FileManager.default.removeItem(atPath: record)
        process = try EssProcess(ess, ["serve", "--listen", "127.0.0.1:0"] + extra)
        let process = self.process
        var answering: String?
        _ = eventually(within: timeout, interval: 0.05) {
            if let data = FileManager.default.contents(atPath: record),
                let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                (object["pid"] as? NSNumber)?.int32Value == process.pid, let url = object["url"] as? String,
                (try? ChildProcess.run("/usr/bin/env", ["curl", "-sS", "--max-time", "5", "-o", "/dev/null"] + Self.trust(object) + [url + "/v1"]))?.status == 0
            {
                answering = url
            }
            return answering != nil || !process.process.isRunning
        }
        if let answering {
            url = answering
            return
        }
        stop()
        throw TestFailure("ess serve (pid \(process.pid)) did not answer within \(Int(timeout)) s: \(process.stdout) \(process.stderr)")
    }

    /// curl's `--cacert` for a master serving TLS with the certificate its record names.
    static func trust(_ record: [String: Any]) -> [String] {
        (record["certificate"] as? String).map { ["--cacert", $0] } ?? []
    }

    /// The API token `ess serve` keeps in `ESS_AWS_DIR/ess/api-token`, when it made one.
    public var token: String? {
        (try? String(contentsOfFile: ess.aws + "/ess/api-token", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// curl's arguments that carry the token (none when the master has no token).
    public var authorization: [String] { token.map { ["-H", "Authorization: Bearer \($0)"] } ?? [] }

    /// SIGTERM, then SIGKILL after `grace` seconds, by pid.
    public func stop(grace: TimeInterval = 10) {
        if process.process.isRunning { ProcessTable.stop(process.pid, grace: grace) }
        _ = process.wait(timeout: 5)
    }
}
