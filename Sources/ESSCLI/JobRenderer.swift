import Foundation
import JobAPI

/// Words and tables for the master's documents: what `ess job` prints without `--json`.
enum JobRenderer {
    static func jobsTable(_ jobs: [JobDocument]) -> String {
        TextTable.render(
            header: ["JOB", "NAME", "STATUS", "EX", "CREATED"],
            rows: jobs.map { [$0.job_id, $0.name, $0._status ?? "stored", $0.ex_id ?? "-", $0._created] })
    }

    static func statusTable(_ executions: [ExecutionDocument]) -> String {
        TextTable.render(
            header: ["JOB", "EX", "STATUS", "PROGRESS"],
            rows: executions.map { [$0.job_id, $0.ex_id, $0._status, progress($0.progress)] })
    }

    static func historyTable(_ entries: [HistoryDocument]) -> String {
        TextTable.render(
            header: ["CREATED", "STATUS", "PROGRESS", "DESCRIPTION"],
            rows: entries.map { [$0.created, $0.status, $0.progress.map(progress) ?? "", $0.description] })
    }

    static func errorsTable(_ slices: [SliceDocument]) -> String {
        TextTable.render(
            header: ["SLICE", "WORKER", "EXIT", "ATTEMPTS", "ERROR"],
            rows: slices.map { slice in
                let last = tail(slice.stderr)
                let repeated = last.map { slice.error?.contains($0) == true } ?? false
                let why = [slice.error, repeated ? nil : last].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
                return [String(slice.slice), slice.worker ?? "-", slice.exit_code.map(String.init) ?? "-", String(slice.attempts), why]
            })
    }

    /// `show`: one execution in full, as `name  value` lines, then its spec.
    static func details(_ ex: ExecutionDocument) -> String {
        let stats = ex._slicer_stats
        let made = stats.processed + stats.failed + stats.in_flight + stats.queued
        var counts = "completed \(stats.processed), error \(stats.failed), start \(stats.in_flight), pending \(stats.queued)"
        if let total = stats.total {
            counts += total > made ? ", not made yet \(total - made); total \(total)" : "; total \(total)"
        } else {
            counts += "; total not known yet"
        }
        if stats.retried > 0 { counts += " (\(stats.retried) retried)" }
        var rows: [(String, String)] = [
            ("job", "\(ex.job_id) (\(ex.name))"), ("execution", ex.ex_id), ("status", ex._status),
            ("progress", progress(ex.progress)),
        ]
        if let reason = ex._failureReason { rows.append(("failure", reason)) }
        if let recovered = ex.recovered_execution {
            rows.append(("recovers", "execution \(recovered)" + (ex.recover_cleanup.map { " (\($0) only)" } ?? "")))
        }
        rows.append(("variables", variables(ex.variables)))
        rows.append(("created", ex._created))
        rows.append(("started", ex.started_at ?? "-"))
        rows.append(("ended", ex.ended_at ?? "-"))
        if let seconds = duration(ex) { rows.append(("took", String(format: "%.1f s", seconds))) }
        rows.append(("slices", counts))
        rows.append(("rate", rate(stats.rate)))
        rows.append(("workers", "\(stats.workers_active) active of \(stats.workers_available) available"))
        return keyValues(rows) + "\nspec:\n" + indented(specJSON(ex.spec))
    }

    /// `show` of a job that was stored but never started.
    static func details(_ job: JobDocument) -> String {
        keyValues([
            ("job", "\(job.job_id) (\(job.name))"), ("status", "stored, never started (`ess job start \(job.job_id)`)"),
            ("variables", variables(job.spec.variables)), ("created", job._created),
        ]) + "\nspec:\n" + indented(specJSON(job.spec))
    }

    static func progress(_ value: Double) -> String { String(format: "%.2f", value) }

    static func rate(_ perSecond: Double) -> String {
        perSecond >= 10 ? String(format: "%.0f slices/s", perSecond) : String(format: "%.1f slices/s", perSecond)
    }

    static func variables(_ values: [String: String]) -> String {
        values.isEmpty ? "-" : values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
    }

    /// Seconds from start to end (or to now while it runs); nil before it started.
    static func duration(_ ex: ExecutionDocument, now: Date = Date()) -> Double? {
        guard let started = ex.started_at.flatMap(APIDate.date) else { return nil }
        let ended = ex.ended_at.flatMap(APIDate.date) ?? now
        return max(0, ended.timeIntervalSince(started))
    }

    /// The last non-empty line of a stderr tail, at most 100 characters.
    static func tail(_ text: String?) -> String? {
        guard let line = text?.split(whereSeparator: \.isNewline).last(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
            return nil
        }
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return trimmed.count > 100 ? "…" + trimmed.suffix(99) : trimmed
    }

    private static func keyValues(_ rows: [(String, String)]) -> String {
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }.joined(separator: "\n")
    }

    private static func specJSON(_ spec: SpecDocument) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let text = (try? String(decoding: encoder.encode(spec), as: UTF8.self)) ?? ""
        // An empty object comes out over lines; a raw newline is never inside a JSON string.
        return text.replacingOccurrences(of: "\\{\n[ \n]*\\}", with: "{}", options: .regularExpression)
    }

    private static func indented(_ text: String) -> String {
        text.split(separator: "\n").filter { !$0.allSatisfy(\.isWhitespace) }.map { "  " + $0 }.joined(separator: "\n")
    }
}
