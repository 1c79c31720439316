import JobAPI

/// `ess notify`'s tables.
enum NotifyRenderer {
    static func table(_ all: [NotificationDocument]) -> String {
        TextTable.render(
            header: ["ID", "EVENT", "FILTER", "URL", "MODE", "STATE"],
            rows: all.map { n in
                [String(n.id), n.event, filter(n), n.url, n.persistent ? "persistent" : "once", n.enabled ? "enabled" : "disabled"]
            })
    }

    static func details(_ n: NotificationDocument) -> String {
        var lines = [
            "notification \(n.id): \(n.event) → \(n.url)", "filter: \(filter(n))", "mode: \(n.persistent ? "persistent" : "once")",
            "policy: \(n.policy.retryStrategy ?? "") limit \(n.policy.retryLimit ?? 0), delay \(n.policy.retryDelay ?? 0) s, rate \(n.policy.retryRate ?? 0) s",
            "state: \(n.enabled ? "enabled" : "disabled")\(n.disabled_reason.map { " (\($0))" } ?? "")",
        ]
        if let delivered = n.delivered { lines.append("deliveries: \(delivered) delivered, \(n.pending ?? 0) pending, \(n.failed ?? 0) failed") }
        return lines.joined(separator: "\n")
    }

    static func attempts(_ all: [AttemptDocument]) -> String {
        TextTable.render(
            header: ["AT", "EVENT", "WEBHOOK-ID", "STATUS", "MS", "URL", "ERROR"],
            rows: all.map { a in
                [a.at, a.event, a.webhook_id, a.status_code.map(String.init) ?? "-", String(a.duration_ms), a.url, a.error ?? ""]
            })
    }

    static func filter(_ n: NotificationDocument) -> String {
        n.job_id.map { job in n.ex_id.map { "job \(job) execution \($0)" } ?? "job \(job)" } ?? n.cluster_id.map { "cluster \($0)" } ?? "all"
    }
}
