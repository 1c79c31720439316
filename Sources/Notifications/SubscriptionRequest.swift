import Foundation
import JobAPI
import MasterModel

/// A checked subscription: the URL (with known `${…}` variables only, http, https or mailto,
/// no link-local host), the event pattern, the filter, the policy. `init` refuses the first
/// thing wrong with a `SubscriptionError`; nothing is stored before it passes.
public struct SubscriptionRequest: Sendable {
    public let url: URLTemplate
    public let event: EventPattern
    public let jobID: Int64?
    public let clusterID: Int64?
    public let persistent: Bool
    public let policy: RetryPolicy

    public init(_ body: NotificationRequestDocument, hosts: HostGuard) throws {
        let text = body.url.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty, text.count <= 2048 else {
            throw SubscriptionError(field: "url", problem: "must be an http, https or mailto URL of at most 2048 characters")
        }
        let template = URLTemplate(text)
        for name in template.names where !URLTemplate.variables.contains(name) {
            let known = URLTemplate.variables.sorted().map { "${\($0)}" }.joined(separator: ", ")
            throw SubscriptionError(field: "url", problem: "uses ${\(name.prefix(40))}, which is not a template variable; known ones: \(known)")
        }
        let sample = template.expand(Dictionary(uniqueKeysWithValues: URLTemplate.variables.map { ($0, "x") }))
        try Self.checkURL(sample, hostTemplated: template.names.contains { text.hostPart?.contains("${\($0)}") ?? false }, hosts: hosts)
        guard let event = EventPattern(body.event) else {
            throw SubscriptionError(
                field: "event",
                problem: "`\(body.event.prefix(40))` is not an event; use *, job.*, cluster.*, a job status (job.running, job.completed, job.submitted, …) or a cluster event (cluster.available, cluster.idled, …)")
        }
        if body.job_id != nil, body.cluster_id != nil {
            throw SubscriptionError(field: "cluster_id", problem: "cannot be given with job_id; a subscription follows one job or one cluster")
        }
        if body.job_id != nil, !event.coversJobs { throw SubscriptionError(field: "event", problem: "names cluster events, but job_id filters on a job") }
        if body.cluster_id != nil, !event.coversClusters { throw SubscriptionError(field: "event", problem: "names job events, but cluster_id filters on a cluster") }
        var policy = RetryPolicy.standard
        if let given = body.policy {
            if let name = given.retryStrategy {
                guard let strategy = RetryPolicy.Strategy(rawValue: name.uppercased()) else {
                    throw SubscriptionError(field: "retryStrategy", problem: "must be NONE, IMMEDIATE, DELAYED or EXPONENTIAL, found `\(name.prefix(40))`")
                }
                policy.retryStrategy = strategy
            }
            policy.retryLimit = given.retryLimit ?? policy.retryLimit
            policy.retryDelay = given.retryDelay ?? policy.retryDelay
            policy.retryRate = given.retryRate ?? policy.retryRate
        }
        try policy.check()
        url = template
        self.event = event
        jobID = body.job_id
        clusterID = body.cluster_id
        persistent = body.persistent ?? false
        self.policy = policy
    }

    static func checkURL(_ text: String, hostTemplated: Bool, hosts: HostGuard) throws {
        guard let parsed = URLComponents(string: text), let scheme = parsed.scheme?.lowercased() else {
            throw SubscriptionError(field: "url", problem: "`\(text.prefix(80))` is not a URL; give one such as https://example.com/hook or mailto:me@example.com")
        }
        switch scheme {
        case "http", "https":
            guard let host = parsed.host, !host.isEmpty else {
                throw SubscriptionError(field: "url", problem: "`\(text.prefix(80))` names no host")
            }
            if !hostTemplated, let why = hosts.refusal(host: host) {
                throw SubscriptionError(field: "url", problem: "names host \(host.prefix(80)), \(why); webhooks may not reach it")
            }
        case "mailto":
            guard parsed.path.contains("@") else { throw SubscriptionError(field: "url", problem: "`\(text.prefix(80))` names no mail address") }
        default:
            throw SubscriptionError(field: "url", problem: "has scheme `\(scheme.prefix(20))`; use http, https or mailto")
        }
    }

    /// The subscription to store, with a new secret.
    public func subscription(at now: Date) throws -> Subscription {
        Subscription(
            url: url.text, event: event.text, jobID: jobID, clusterID: clusterID, persistent: persistent, policy: try SortedJSON.text(policy),
            secret: WebhookSigner.newSecret(), at: now)
    }
}

extension String {
    /// The authority part of a URL text (between `://` and the next `/`, `?` or `#`).
    var hostPart: Substring? {
        guard let start = range(of: "://")?.upperBound else { return nil }
        let rest = self[start...]
        return rest.prefix { !"/?#".contains($0) }
    }
}
