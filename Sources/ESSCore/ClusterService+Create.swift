import ClusterModel
import Foundation
import SSH

/// How far `create` waits before it returns.
public enum CreateWait: String, Sendable, CaseIterable {
    /// Returns once the launch is recorded.
    case nothing
    /// Until the provider reports every node running (what `aws ec2 wait instance-running` does).
    case running
    /// Until every node answers SSH, host keys pinned (the default).
    case ssh
}

/// What `create` asks for.
public struct CreateRequest: Sendable {
    public var number: Int
    public var type: String
    public var add: Bool
    /// nil: the directory's provider, or local.
    public var provider: ProviderKind?
    public var wait: CreateWait
    /// Per-node limit on the wait for SSH.
    public var waitTimeout: TimeInterval
    /// Which node address SSH uses; nil keeps the cluster's choice (public for a new one).
    public var sshAddress: AddressChoice?
    /// The login user; nil keeps the cluster's, or the provider's default for a new one.
    public var user: String?

    public init(
        number: Int, type: String, add: Bool, provider: ProviderKind?, wait: CreateWait, waitTimeout: TimeInterval,
        sshAddress: AddressChoice? = nil, user: String? = nil
    ) {
        self.number = number
        self.type = type
        self.add = add
        self.provider = provider
        self.wait = wait
        self.waitTimeout = waitTimeout
        self.sshAddress = sshAddress
        self.user = user
    }
}

/// What `create` did.
public struct CreateOutcome: Sendable {
    public var reservationID: String
    public var nodeIDs: [String]
    /// Node id → why it did not answer SSH.
    public var failures: [String: String]
}

extension ClusterService {
    /// Starts `number` nodes as one reservation, records them, then (unless told not to)
    /// waits for each to answer SSH and pins its host key.
    public func create(_ request: CreateRequest) throws -> CreateOutcome {
        let existing = try store.load()
        let kind = request.provider ?? existing?.provider ?? .local
        if let existing, let asked = request.provider, asked != existing.provider {
            throw ESSError.usage("this directory's cluster uses the \(existing.provider.rawValue) provider, not \(asked.rawValue); terminate it or run `ess cluster reset` first")
        }
        if kind == .custom {
            throw ESSError.usage("the custom provider cannot create machines: list them in .conf/reservation.json (`ip_list`), or create with `--provider local` or `ec2`")
        }
        let provider = try self.provider(kind, state: existing)
        // Check the type before anything is made.
        _ = try provided { try provider.instanceType(request.type) }

        // 1. The cluster's identity and key, under the lock (quick).
        let (state, publicLine) = try store.update("create: prepare the cluster") { current -> (ClusterState, String) in
            if let current, current.hasNodes, !request.add {
                throw ESSError.usage("a cluster already exists in this directory; use --add to grow it")
            }
            var state = current ?? ClusterState(provider: kind, clusterID: ResourceID.make("ess", digits: 8), user: provider.defaultUser)
            state.provider = kind
            state.sshAddress = request.sshAddress ?? state.sshAddress
            state.providerSettings = settings(for: current)
            if let user = request.user { state.user = user }
            state.region = state.region ?? provider.region
            state.keyName = state.keyName ?? state.clusterID
            state.securityGroup = state.securityGroup ?? state.clusterID
            let key = try keys.ensureKey(named: state.keyName ?? state.clusterID)
            state.pem = state.pem ?? key.path
            current = state
            return (state, key.publicLine)
        }
        let keyName = state.keyName ?? state.clusterID
        let group = state.securityGroup ?? state.clusterID

        // 2. Key pair and security group at the provider (idempotent; one concurrent run at a time
        //    in this directory, so that none races another to create them), then one launch.
        let groupID = try store.withProviderLock("create: key pair and security group") {
            try provided { try provider.ensureKeyPair(name: keyName, publicKey: publicLine, clusterID: state.clusterID) }
            return try provided { try provider.ensureSecurityGroup(name: group, clusterID: state.clusterID) }
        }
        // The last point where stopping leaves no node: no launch starts after Ctrl-C.
        if cancellation.isCancelled {
            throw ESSError(
                .interrupted,
                "interrupted before any node was launched; cluster \(state.clusterID) (\(paths.stateFile)) has its key pair and security group but no nodes: "
                    + "`ess cluster create --number=\(request.number)` launches them, `ess cluster terminate --all` deletes the key pair and group")
        }
        sink.note("launching \(request.number) \(request.type) node\(request.number == 1 ? "" : "s") on \(kind.rawValue)…")
        let launch = LaunchRequest(
            clusterID: state.clusterID, count: request.number, type: request.type, keyName: keyName,
            securityGroup: groupID, clientToken: UUID().uuidString.lowercased())
        let instances = try provided { try provider.launch(launch) }
        guard let reservationID = instances.first?.reservationID else {
            throw ESSError.failure("the provider started no nodes")
        }
        let reservation = Reservation(id: reservationID, type: request.type, createdAt: Date(), nodes: instances.map(\.node))

        // 3. Record what exists before waiting on it.
        try store.update("create: record \(reservationID)") { current in
            var updated = current ?? state
            if updated.reservation(reservationID) == nil { updated.reservations.append(reservation) }
            current = updated
        }
        sink.note("reservation \(reservationID): \(instances.map(\.id).joined(separator: " "))")
        guard request.wait != .nothing else {
            return CreateOutcome(reservationID: reservationID, nodeIDs: instances.map(\.id), failures: [:])
        }
        try stopIfInterrupted(after: reservation)

        // 4. Wait for the provider to report the nodes running (addresses arrive then),
        //    then for SSH, each node on its own clock, and pin host keys. Ctrl-C ends either
        //    wait at once: everything that exists is recorded by then.
        let nodes = try waitUntilRunning(reservation.nodes, provider: provider, timeout: request.waitTimeout)
        try stopIfInterrupted(after: reservation)
        guard request.wait == .ssh else {
            return CreateOutcome(reservationID: reservationID, nodeIDs: instances.map(\.id), failures: notRunning(nodes))
        }
        let running = nodes.filter { $0.state == .running }
        let service = self
        guard var failures = try cancellation.race({ try service.waitForSSH(running, state: state, timeout: request.waitTimeout) }) else {
            try stopIfInterrupted(after: reservation)
            throw ESSError.failure("the wait for SSH ended without an answer")
        }
        try stopIfInterrupted(after: reservation)
        failures.merge(notRunning(nodes)) { ssh, _ in ssh }
        return CreateOutcome(reservationID: reservationID, nodeIDs: instances.map(\.id), failures: failures)
    }

    /// Node id → why, for the nodes the provider does not report running after a wait.
    func notRunning(_ nodes: [Node]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: nodes.filter { $0.state != .running }.map {
            ($0.id, "the provider reports it \($0.state.rawValue), not running")
        })
    }

    /// After a launch: if the user asked to stop, say what exists and what to do next.
    func stopIfInterrupted(after reservation: Reservation) throws {
        guard cancellation.isCancelled else { return }
        let count = reservation.nodes.count
        throw ESSError(
            .interrupted,
            "interrupted: reservation \(reservation.id) (\(count) node\(count == 1 ? "" : "s"): \(reservation.nodes.map(\.id).joined(separator: " "))) "
                + "is launched and recorded in \(paths.stateFile); `ess cluster status` shows its nodes, `ess cluster terminate` ends them")
    }

    /// Polls the provider until the nodes run (one call per poll for all of them) and
    /// records their addresses; returns the nodes as last seen.
    func waitUntilRunning(_ nodes: [Node], provider: any Provider, timeout: TimeInterval) throws -> [Node] {
        let seen = try provided { try provider.waitUntilRunning(instanceIDs: nodes.map(\.id), timeout: timeout) }
        let byID = Dictionary(seen.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let updatedNodes = nodes.map { node -> Node in
            guard let instance = byID[node.id] else { return node }
            var node = node
            var life = NodeLifecycle(state: node.state)
            life.handle(.providerReported(instance.state))
            node.state = life.state
            node.privateAddress = instance.privateAddress ?? node.privateAddress
            node.publicAddress = instance.publicAddress ?? node.publicAddress
            return node
        }
        try store.update("create: record addresses") { current in
            guard var updated = current else { return }
            for node in updatedNodes where updated.nodes.contains(where: { $0.id == node.id }) {
                updated.update(node: node)
            }
            current = updated
        }
        return updatedNodes
    }

    /// Waits for nodes to answer SSH, showing progress; records host keys and states.
    /// Returns node id → failure for the nodes that did not answer.
    func waitForSSH(_ nodes: [Node], state: ClusterState, timeout: TimeInterval) throws -> [String: String] {
        let access = try access(for: state)
        let waiter = NodeWaiter(access: access, timeout: timeout, parallel: parallel)
        let start = Date()
        let counter = WaitCounter(total: nodes.count)
        let sink = self.sink
        let ticker = ProgressTicker(every: 0.5) { sink.progress(counter.line(elapsed: Date().timeIntervalSince(start))) }
        defer { ticker.stop() }
        let outcomes = waiter.wait(for: nodes) { outcome in
            counter.record(failed: outcome.failure != nil)
            if let failure = outcome.failure {
                sink.note("\(outcome.nodeID): \(failure)")
            }
            sink.progress(counter.line(elapsed: Date().timeIntervalSince(start)))
        }
        ticker.stop()
        sink.endProgress()
        let byID = Dictionary(uniqueKeysWithValues: outcomes.map { ($0.nodeID, $0) })
        try store.update("create: record host keys") { current in
            guard var updated = current else { return }
            for var node in updated.nodes {
                guard let outcome = byID[node.id] else { continue }
                var life = NodeLifecycle(state: node.state == .reachable ? .reachable : .running)
                if let key = outcome.hostKey {
                    if node.hostKey == nil { node.hostKey = key }
                    life.handle(.sshAnswered)
                } else {
                    life.handle(.sshRefused(reason: outcome.failure ?? "no answer"))
                }
                node.state = life.state
                updated.update(node: node)
            }
            current = updated
        }
        let failed = outcomes.filter { $0.failure != nil }
        sink.note("\(nodes.count - failed.count) of \(nodes.count) nodes answer SSH (\(String(format: "%.1f", Date().timeIntervalSince(start))) s)")
        return Dictionary(uniqueKeysWithValues: failed.map { ($0.nodeID, $0.failure ?? "") })
    }
}

/// Counts nodes as their waits end, for the progress line.
final class WaitCounter: @unchecked Sendable {
    private let lock = NSLock()
    private let total: Int
    private var up = 0
    private var failed = 0

    init(total: Int) {
        self.total = total
    }

    func record(failed didFail: Bool) {
        lock.withLock {
            if didFail { failed += 1 } else { up += 1 }
        }
    }

    func line(elapsed: TimeInterval) -> String {
        lock.withLock {
            let waiting = total - up - failed
            return "waiting for SSH: \(up)/\(total) up, \(waiting) waiting, \(failed) failed (\(Int(elapsed)) s)"
        }
    }
}
