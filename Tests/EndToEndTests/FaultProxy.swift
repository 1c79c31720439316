import Foundation
import Platform
import TestSupport
import XCTest

/// `Scripts/fault_proxy.py` in front of a `MotoServer`, started and stopped by pid: seeded
/// throttling, 5xx, resets, lost responses, delays and eventual consistency, ClientToken
/// idempotency, and call counts by action (`stats`).
final class FaultProxy: @unchecked Sendable {
    let pid: Int32
    let port: Int
    let log: String

    var endpoint: String { "http://127.0.0.1:\(port)" }

    /// What the proxy counted since the last `resetCounts`.
    struct Stats {
        var received: [String: Int] = [:]
        var forwarded: [String: Int] = [:]
        var faults: [String: Int] = [:]
        var mutatingReceived = 0
        var mutatingForwarded = 0
        var replayedTokens = 0

        var totalReceived: Int { received.values.reduce(0, +) }
        var totalFaults: Int { faults.values.reduce(0, +) }
    }

    static let script: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Scripts/fault_proxy.py").path

    init(upstream: MotoServer, folder: String, seed: Int, config: [String: Any] = [:]) throws {
        let portFile = folder + "/proxy-\(upstream.port).port"
        log = folder + "/proxy-\(upstream.port).log"
        try? FileManager.default.removeItem(atPath: portFile)
        let json = String(decoding: try JSONSerialization.data(withJSONObject: config), as: UTF8.self)
        let words = ["python3", Self.script, "--upstream", upstream.endpoint, "--port-file", portFile, "--seed", String(seed), "--config", json]
        pid = try DetachedCommand.start(words, log: log)
        var found: Int?
        let pid = self.pid
        _ = eventually(within: 20, interval: 0.05) {
            found = (try? String(contentsOfFile: portFile, encoding: .utf8)).flatMap { Int($0) }
            return found != nil || !ProcessTable.isAlive(pid)
        }
        guard let found else {
            if ProcessTable.isAlive(pid) { ProcessTable.stop(pid) }
            throw NSError(domain: "proxy", code: 1, userInfo: [NSLocalizedDescriptionKey: "the fault proxy did not start: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")"])
        }
        port = found
    }

    func stop() {
        if ProcessTable.isAlive(pid) { ProcessTable.stop(pid) }
    }

    /// Replaces the fault configuration (see the script's help); `seed` in it reseeds.
    func configure(_ config: [String: Any]) {
        let json = String(decoding: (try? JSONSerialization.data(withJSONObject: config)) ?? Data("{}".utf8), as: UTF8.self)
        _ = control("POST", "config", body: json)
    }

    func resetCounts() {
        _ = control("POST", "reset", body: "{}")
    }

    func stats() -> Stats {
        guard let text = control("GET", "stats", body: nil),
            let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        else { return Stats() }
        func table(_ key: String) -> [String: Int] {
            (object[key] as? [String: Any] ?? [:]).compactMapValues { ($0 as? NSNumber)?.intValue }
        }
        return Stats(
            received: table("received"), forwarded: table("forwarded"), faults: table("faults"),
            mutatingReceived: (object["mutating_received"] as? NSNumber)?.intValue ?? -1,
            mutatingForwarded: (object["mutating_forwarded"] as? NSNumber)?.intValue ?? -1,
            replayedTokens: (object["replayed_tokens"] as? NSNumber)?.intValue ?? -1)
    }

    private func control(_ method: String, _ name: String, body: String?) -> String? {
        var arguments = ["curl", "-s", "--max-time", "10", "-X", method, "\(endpoint)/_proxy/\(name)"]
        if let body { arguments += ["-d", body] }
        guard let outcome = try? ChildProcess.run("/usr/bin/env", arguments), outcome.status == 0 else { return nil }
        return String(decoding: outcome.stdout, as: UTF8.self)
    }
}
