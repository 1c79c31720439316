import Foundation

/// The life of a cluster the master makes through its API (Xplenty's lifecycle), as a pure
/// state machine: events in, actions out, no I/O. The master's `ClusterController` performs every
/// action it returns and feeds back what came of it; the status changes only here.
///
/// `pending → creating → available ⇄ idle`, `… → pending_terminate → terminating → terminated`,
/// and any state but `terminated` → `error` with its reason. A cluster turns `idle` once no job
/// has run on it for `idleGrace` seconds (so a poller sees it `available` after creation) and is back to
/// `available` when a job runs on it; with `terminateOnIdle` it is terminated after `timeToIdle`
/// seconds of idleness, and records that it was (`terminatedOnIdle`).
public struct ClusterLifecycle: Codable, Sendable, Equatable {
    /// Xplenty's cluster statuses.
    public enum Status: String, Codable, Sendable, CaseIterable {
        case pending, creating, available, idle
        case pendingTerminate = "pending_terminate"
        case terminating, terminated, error

        /// Jobs may run on it.
        public var acceptsJobs: Bool { self == .available || self == .idle }
        /// Nothing more happens to it by itself.
        public var isFinal: Bool { self == .terminated || self == .error }
    }

    /// What happens to a cluster.
    public enum Event: Sendable, Equatable {
        /// The controller takes up a pending cluster.
        case begin
        /// Every node is launched and answers SSH.
        case provisioned
        /// Time passed; `running` jobs run on the cluster now.
        case observed(running: Int)
        /// `PUT` with `nodes`.
        case resizeRequested(nodes: Int)
        /// `PUT` with `terminate_on_idle` or `time_to_idle`.
        case idlePolicyChanged(terminateOnIdle: Bool, timeToIdle: TimeInterval)
        /// A resize ended with `nodes` nodes.
        case resized(nodes: Int)
        /// `DELETE`.
        case terminateRequested
        /// The controller starts terminating its nodes.
        case terminationBegan
        /// Every node is gone.
        case terminationEnded
        /// Something failed; the reason is kept.
        case failed(reason: String)
    }

    /// What the controller must do.
    public enum Action: Sendable, Equatable {
        /// Launch `nodes` nodes in the cluster's folder and wait until each answers SSH.
        case provision(nodes: Int)
        /// Grow or shrink from `from` nodes to `to` (shrinking ends only nodes that run no slice).
        case resize(from: Int, to: Int)
        /// Terminate every node of the cluster.
        case terminate
    }

    /// An event the status forbids (the API answers 409).
    public struct Refusal: Error, Sendable, Equatable {
        public var status: Status
        public var request: String

        public init(status: Status, request: String) {
            self.status = status
            self.request = request
        }
    }

    public private(set) var status: Status
    /// The nodes the cluster has (or is being made with, while pending or creating).
    public private(set) var nodes: Int
    public private(set) var terminateOnIdle: Bool
    /// Seconds of idleness before an idle cluster is terminated (with `terminateOnIdle`).
    public private(set) var timeToIdle: TimeInterval
    public private(set) var availableSince: Date?
    public private(set) var idleSince: Date?
    public private(set) var terminatedAt: Date?
    /// The idle timer ended it.
    public private(set) var terminatedOnIdle = false
    public private(set) var errorReason: String?
    /// The node count a running resize goes to.
    public private(set) var resizingTo: Int?
    /// When its last job ended (or it became available); the idle grace counts from it.
    public private(set) var lastActivity: Date?
    /// Jobs ran on it when last observed (so the store is written only when that changes).
    public private(set) var busy = false
    /// A terminate asked for while the nodes were being made: done once they are.
    public private(set) var terminateWanted = false

    public init(nodes: Int, terminateOnIdle: Bool, timeToIdle: TimeInterval) {
        status = .pending
        self.nodes = nodes
        self.terminateOnIdle = terminateOnIdle
        self.timeToIdle = timeToIdle
    }

    /// Applies an event at `now` under `idleGrace` (seconds without jobs before `idle`) and
    /// returns what to do. Throws `Refusal` for a request the status forbids.
    public mutating func handle(_ event: Event, at now: Date, idleGrace: TimeInterval) throws(Refusal) -> [Action] {
        switch event {
        case .begin:
            guard status == .pending else { return [] }
            status = .creating
            return [.provision(nodes: nodes)]
        case .provisioned:
            guard status == .creating || status == .pendingTerminate else { return [] }
            if terminateWanted || status == .pendingTerminate { return [.terminate] }
            status = .available
            availableSince = now
            lastActivity = now
            return []
        case .observed(let running):
            return observe(running: running, at: now, idleGrace: idleGrace)
        case .resizeRequested(let target):
            guard status.acceptsJobs, resizingTo == nil else { throw Refusal(status: status, request: "resize") }
            guard target != nodes else { return [] }
            resizingTo = target
            return [.resize(from: nodes, to: target)]
        case .idlePolicyChanged(let terminate, let seconds):
            guard [.pending, .creating, .available, .idle].contains(status) else { throw Refusal(status: status, request: "change") }
            terminateOnIdle = terminate
            timeToIdle = seconds
            return []
        case .resized(let count):
            nodes = count
            resizingTo = nil
            return []
        case .terminateRequested:
            return requestTermination()
        case .terminationBegan:
            guard status == .pendingTerminate else { return [] }
            status = .terminating
            return []
        case .terminationEnded:
            guard status == .terminating || status == .pendingTerminate else { return [] }
            status = .terminated
            terminatedAt = now
            resizingTo = nil
            return []
        case .failed(let reason):
            guard status != .terminated else { return [] }
            status = .error
            errorReason = reason
            resizingTo = nil
            return []
        }
    }

    mutating func observe(running: Int, at now: Date, idleGrace: TimeInterval) -> [Action] {
        switch status {
        case .available where running > 0:
            busy = true
        case .available where busy:
            busy = false
            lastActivity = now
        case .available:
            if let last = lastActivity, now.timeIntervalSince(last) >= idleGrace {
                status = .idle
                idleSince = now
            }
        case .idle where running > 0:
            status = .available
            idleSince = nil
            busy = true
        case .idle:
            if terminateOnIdle, resizingTo == nil, let since = idleSince, now.timeIntervalSince(since) >= timeToIdle {
                terminatedOnIdle = true
                return requestTermination()
            }
        default:
            break
        }
        return []
    }

    mutating func requestTermination() -> [Action] {
        switch status {
        case .pendingTerminate, .terminating, .terminated:
            return []
        case .creating:
            terminateWanted = true
            status = .pendingTerminate
            return []
        case .pending, .available, .idle, .error:
            status = .pendingTerminate
            return [.terminate]
        }
    }
}
