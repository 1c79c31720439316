import Foundation
import Platform
import TestSupport
import XCTest

/// The master's HTTP API through `curl`, the store through `sqlite3`, and the outputs on disk:
/// what the fault tests check after acting through `ess job …`.
extension JobCluster {
    /// `curl -X METHOD URL/PATH` with the API token; throws unless the answer is 2xx. Returns the body.
    @discardableResult
    func curl(_ method: String, _ path: String, body: String? = nil) throws -> Data {
        guard let address = url.isEmpty ? masterRecord()?.url : url else { throw TestFailure("no master address") }
        var arguments = ["-sS", "--fail-with-body", "--max-time", "10", "-X", method, address + path] + ess.curlTokenArguments()
        if let body { arguments += ["-H", "Content-Type: application/json", "--data-binary", body] }
        return Data(try TestTool.run("/usr/bin/curl", arguments).utf8)
    }

    func json(_ path: String) throws -> Any {
        try JSONSerialization.jsonObject(with: try curl("GET", path))
    }

    func object(_ path: String) throws -> [String: Any] {
        try XCTUnwrap(try json(path) as? [String: Any], "GET \(path) is not an object")
    }

    /// The latest execution of `job` (`GET /v1/jobs/{id}/ex`).
    func execution(ofJob job: String) throws -> [String: Any] { try object("/v1/jobs/\(job)/ex") }

    func execution(_ ex: String) throws -> [String: Any] { try object("/v1/ex/\(ex)") }

    func status(ofExecution ex: String) -> String? { (try? execution(ex))?["_status"] as? String }

    /// The execution's controller statistics (`processed`, `failed`, `in_flight`, …).
    func statistics(_ ex: String) -> [String: Any] { (try? execution(ex))?["_slicer_stats"] as? [String: Any] ?? [:] }

    /// Polls the execution until its status is one of `statuses`; returns the status seen last.
    @discardableResult
    func wait(ex: String, for statuses: Set<String>, timeout: TimeInterval = 90,
              file: StaticString = #filePath, line: UInt = #line) -> String? {
        var seen: String?
        let reached = eventually(within: timeout, interval: 0.1) {
            seen = status(ofExecution: ex)
            return seen.map { statuses.contains($0) } ?? false
        }
        if reached { return seen }
        XCTFail("execution \(ex) is \(seen ?? "unreadable"), not one of \(statuses.sorted()), after \(Int(timeout)) s", file: file, line: line)
        return seen
    }

    /// Polls until `condition` holds on the execution's statistics.
    func wait(ex: String, timeout: TimeInterval = 60, until condition: ([String: Any]) -> Bool,
              file: StaticString = #filePath, line: UInt = #line) {
        if eventually(within: timeout, interval: 0.05, { condition(statistics(ex)) }) { return }
        XCTFail("execution \(ex): the awaited statistics never came (last: \(statistics(ex)))", file: file, line: line)
    }

    /// The execution's failure reason and its first failed slice's exit code and stderr.
    func whyNotCompleted(_ ex: String) -> String {
        let reason = (try? execution(ex))?["_failureReason"] as? String ?? "no reason"
        guard let first = (try? json("/v1/ex/\(ex)/errors?size=1") as? [[String: Any]])??.first else { return "execution \(ex): \(reason)" }
        return "execution \(ex): \(reason); slice \(first["slice"] ?? "?") on \(first["worker"] ?? "?"): exit \(first["exit_code"] ?? "?"), \(first["error"] ?? ""), stderr \(first["stderr"] ?? "")"
    }

    /// Every slice of the execution (`GET /v1/ex/{ex_id}/slices`, paged).
    func slices(_ ex: String, state: String? = nil) throws -> [[String: Any]] {
        var all: [[String: Any]] = []
        var after: Int64 = -1
        while true {
            var query = "size=1000&after=\(after)"
            if let state { query += "&state=\(state)" }
            let page = try XCTUnwrap(try json("/v1/ex/\(ex)/slices?\(query)") as? [[String: Any]])
            all += page
            guard page.count == 1000, let last = (page.last?["slice"] as? NSNumber)?.int64Value else { return all }
            after = last
        }
    }

    /// The committed outputs of an execution, by slice index, read as an outsider would: each
    /// completed slice's place (`sqlite3 .conf/ess.db`), its bytes from that segment of
    /// `.conf/jobs/<ex_id>/`.
    func outputs(_ ex: String) -> [Int64: String] {
        guard let exID = Int64(ex) else { return [:] }
        let query = """
            SELECT idx, output_segment, output_offset, output_length FROM slices
            WHERE ex_id = \(exID) AND state = 'completed' AND output_segment IS NOT NULL;
            """
        guard let rows = try? TestTool.run("/usr/bin/sqlite3", ["-separator", " ", conf + "/ess.db", query]) else { return [:] }
        var found: [Int64: String] = [:]
        for row in rows.split(separator: "\n") {
            let fields = row.split(separator: " ").map(String.init)
            guard fields.count == 4, let index = Int64(fields[0]), let offset = UInt64(fields[2]), let length = Int(fields[3]) else { continue }
            guard length > 0 else {
                found[index] = ""
                continue
            }
            guard let handle = FileHandle(forReadingAtPath: conf + "/jobs/\(exID)/" + fields[1]) else { continue }
            defer { try? handle.close() }
            try? handle.seek(toOffset: offset)
            found[index] = String(decoding: (try? handle.read(upToCount: length)) ?? Data(), as: UTF8.self)
        }
        return found
    }

    /// The outputs' lines, each trimmed, over every execution named.
    func outputLines(_ executions: [String]) -> [String] {
        executions.flatMap { outputs($0).values.flatMap { $0.split(separator: "\n").map(String.init) } }
    }

    /// `sqlite3 .conf/ess.db 'PRAGMA integrity_check'` says ok.
    func assertStoreIntact(file: StaticString = #filePath, line: UInt = #line) {
        do {
            let answer = try TestTool.run("/usr/bin/sqlite3", [conf + "/ess.db", "PRAGMA integrity_check;"])
            XCTAssertEqual(answer.trimmingCharacters(in: .whitespacesAndNewlines), "ok", "integrity_check", file: file, line: line)
        } catch {
            XCTFail("sqlite3 integrity_check: \(error)", file: file, line: line)
        }
    }

    /// The node ids of the cluster, in the local provider's records.
    var nodeIDs: [String] { ess.nodePids().keys.sorted() }

    /// Kills a node as a crash would: its listening sshd and every process below it (its sessions
    /// and the commands they run), all with SIGKILL, by pid.
    func killNode(_ id: String) throws {
        let sshd = try XCTUnwrap(ess.nodePids()[id], "no pid recorded for \(id)")
        let tree = NodeProcesses.tree(of: sshd)
        for pid in tree { kill(pid, SIGKILL) }
        for pid in tree { _ = ProcessTable.stop(pid, grace: 1) }
    }

    /// `ess job ARGS` in the project; the result.
    @discardableResult
    func job(_ arguments: [String], timeout: TimeInterval = 60, environment: [String: String] = [:]) -> EssHarness.Run {
        ess.run(["job"] + arguments, timeout: timeout, environment: environment)
    }
}
