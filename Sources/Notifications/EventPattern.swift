import Foundation
import JobModel
import MasterModel

/// Which events a subscription wants: `*`, `job.*`, `cluster.*`, one event by its native name
/// (`job.running`, `cluster.available`), Xplenty's job names (`job.submitted`, `job.started`)
/// or a bare status (`completed`, Agave's `FINISHED`). Stored as written, matched by `matches`.
public struct EventPattern: Sendable, Equatable {
    public let text: String
    /// The event names it matches; nil: every event of `prefix`.
    let names: Set<String>?
    let prefix: String

    /// Xplenty's and Agave's words for native job events (Agave's statuses as the Agave dialect maps them).
    static let aliases: [String: String] = [
        "job.submitted": "job.pending", "job.started": "job.running", "job.finished": "job.completed",
        "job.created": "job.pending", "job.queued": "job.pending", "staging_inputs": "job.initializing",
        "cleaning_up": "job.stopping", "killed": "job.terminated",
    ]

    public static var jobEvents: [String] { ExecutionStatus.allCases.map { "job.\($0.rawValue)" } + [OutboxEvent.sliceFailed, OutboxEvent.workerLost] }
    public static var clusterEvents: [String] {
        ["cluster.requested", "cluster.creating", "cluster.available", "cluster.idled", "cluster.pending_terminate",
         "cluster.terminating", "cluster.terminated", "cluster.error"]
    }

    /// Nil when the text names no event this master knows.
    public init?(_ text: String) {
        let word = text.trimmingCharacters(in: .whitespaces)
        self.text = word
        let lower = word.lowercased()
        switch lower {
        case "*": (names, prefix) = (nil, "")
        case "job.*": (names, prefix) = (nil, "job.")
        case "cluster.*": (names, prefix) = (nil, "cluster.")
        default:
            let known = Set(Self.jobEvents + Self.clusterEvents)
            let name = Self.aliases[lower] ?? (lower == "finished" ? "job.completed" : lower)
            if known.contains(name) {
                (names, prefix) = ([name], "")
            } else if known.contains("job.\(name)") {
                (names, prefix) = (["job.\(name)"], "")
            } else {
                return nil
            }
        }
    }

    /// Whether the event (`job.running`, `cluster.idled`, `test`) is one it wants; a test
    /// event is always wanted.
    public func matches(_ event: String) -> Bool {
        if event == "test" { return true }
        if let names { return names.contains(event) }
        return event.hasPrefix(prefix)
    }

    /// Whether it can match job events (then a cluster filter makes no sense), and cluster ones.
    public var coversJobs: Bool { names.map { $0.contains { $0.hasPrefix("job.") } } ?? (prefix != "cluster.") }
    public var coversClusters: Bool { names.map { $0.contains { $0.hasPrefix("cluster.") } } ?? (prefix != "job.") }
}
