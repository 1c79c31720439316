import JobAPI

/// `ess job run`'s progress: a bar with slices done of all, the rate, the time left and the
/// failures (`running  [#####-----]  412/1000 slices  52 slices/s  ETA 12 s  2 failed`).
enum JobProgressLine {
    static func render(_ ex: ExecutionDocument, barWidth: Int = 24) -> String {
        let stats = ex._slicer_stats
        let done = stats.processed + stats.failed
        var parts = [ex._status]
        if let total = stats.total, total > 0 {
            let filled = min(barWidth, max(0, Int((Double(done) / Double(total) * Double(barWidth)).rounded(.down))))
            parts.append("[" + String(repeating: "#", count: filled) + String(repeating: "-", count: barWidth - filled) + "]")
            parts.append("\(done)/\(total) slices")
        } else {
            parts.append("\(done)/? slices")
        }
        parts.append(JobRenderer.rate(stats.rate))
        if let eta = eta(stats) { parts.append("ETA " + seconds(eta)) }
        if stats.failed > 0 { parts.append("\(stats.failed) failed") }
        if stats.retried > 0 { parts.append("\(stats.retried) retried") }
        return parts.joined(separator: "  ")
    }

    /// The master's estimate, else what is left over the current rate; nil when unknown.
    static func eta(_ stats: ControllerStatistics) -> Double? {
        if let given = stats.eta_seconds, given.isFinite, given >= 0 { return given }
        guard let total = stats.total, stats.rate > 0 else { return nil }
        return Double(max(0, total - stats.processed - stats.failed)) / stats.rate
    }

    /// `42 s`, `3 min 5 s`, `2 h 10 min`.
    static func seconds(_ value: Double) -> String {
        let whole = Int(value.rounded(.up))
        if whole < 60 { return "\(whole) s" }
        if whole < 3600 { return "\(whole / 60) min \(whole % 60) s" }
        return "\(whole / 3600) h \(whole % 3600 / 60) min"
    }
}
