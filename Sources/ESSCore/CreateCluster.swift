import ClusterModel
import Foundation
import SSH

/// `ess cluster create`: starts `number` nodes as one reservation, records them, then (unless told
/// not to) waits for each to answer SSH and pins its host key, each node through its `NodeDriver`.
/// With `--add` it waits on its own nodes only and leaves the rest of the cluster alone.
public struct CreateCluster: Sendable {
    public let context: ClusterContext

    public init(_ context: ClusterContext) {
        self.context = context
    }

    public func run(_ request: CreateRequest) throws -> CreateOutcome {
        let existing = try context.store.load()
        let kind = request.provider ?? existing?.provider ?? .local
        if let existing, let asked = request.provider, asked != existing.provider {
            throw ClusterError.otherProvider(existing: existing.provider, asked: asked)
        }
        if kind == .custom {
            // Checked before anything is written: the custom provider would refuse the launch only
            // after the cluster's key and identity were recorded.
            throw ClusterError.customCannotCreate
        }
        let provider = try context.provider(kind, state: existing)
        // What an earlier create launched without recording it is this cluster's too.
        if let existing, !existing.launches.isEmpty {
            _ = try PendingLaunches(context: context).record(existing, provider: provider, settle: false)
        }
        // Check the type before anything is made.
        _ = try ProviderCall.run { try provider.instanceType(request.type) }
        let (state, publicLine) = try prepare(request, kind: kind, provider: provider)
        let reservation = try launch(request, state: state, publicLine: publicLine, provider: provider)
        let ids = reservation.nodes.map(\.id)
        var drivers = reservation.drivers
        guard request.wait != .nothing else {
            return CreateOutcome(reservationID: reservation.id, nodeIDs: ids, failures: [:])
        }
        try stopIfInterrupted(after: reservation.recorded)

        // Wait for the provider to report the nodes running (addresses arrive then), then for SSH,
        // each node on its own clock, and pin host keys. Ctrl-C ends either wait at once:
        // everything that exists is recorded by then.
        let bringUp = NodeBringUp(context: context, verb: "create")
        drivers = try bringUp.waitUntilRunning(drivers, provider: provider, timeout: request.waitTimeout)
        try stopIfInterrupted(after: reservation.recorded)
        guard request.wait == .ssh else {
            return CreateOutcome(reservationID: reservation.id, nodeIDs: ids, failures: NodeBringUp.failures(drivers, expected: .running))
        }
        let polled = drivers
        guard let probed = try context.cancellation.race({ try bringUp.waitForSSH(polled, state: state, timeout: request.waitTimeout) }) else {
            try stopIfInterrupted(after: reservation.recorded)
            throw LaunchError.sshWaitEnded
        }
        try stopIfInterrupted(after: reservation.recorded)
        let status = try ReadStatus(context).run(only: request.add ? reservation.id : nil)
        return CreateOutcome(
            reservationID: reservation.id, nodeIDs: ids, failures: NodeBringUp.failures(probed, expected: .reachable), status: status)
    }

    /// The cluster's identity and key, under the lock (quick).
    func prepare(_ request: CreateRequest, kind: ProviderKind, provider: any Provider) throws -> (ClusterState, String) {
        try context.store.update("create: prepare the cluster") { current -> (ClusterState, String) in
            if let current, current.hasNodes, !request.add {
                throw ClusterError.alreadyExists
            }
            var state = current ?? ClusterState(provider: kind, clusterID: ResourceID.make("ess", digits: 8), user: provider.defaultUser)
            state.provider = kind
            state.sshAddress = request.sshAddress ?? state.sshAddress
            state.providerSettings = context.settings(for: current)
            if let user = request.user { state.user = user }
            state.region = state.region ?? provider.region
            state.keyName = state.keyName ?? state.clusterID
            state.securityGroup = state.securityGroup ?? state.clusterID
            let key = try context.keys.ensureKey(named: state.keyName ?? state.clusterID)
            state.pem = state.pem ?? key.path
            current = state
            return (state, key.publicLine)
        }
    }

    /// Key pair and security group at the provider (idempotent; one concurrent run at a time in this
    /// directory, so that none races another to create them), then one launch, recorded before any wait.
    func launch(_ request: CreateRequest, state: ClusterState, publicLine: String, provider: any Provider) throws -> Launched {
        let keyName = state.keyName ?? state.clusterID
        let group = state.securityGroup ?? state.clusterID
        let groupID = try context.store.withProviderLock("create: key pair and security group") {
            try ProviderCall.run { try provider.ensureKeyPair(name: keyName, publicKey: publicLine, clusterID: state.clusterID) }
            return try ProviderCall.run { try provider.ensureSecurityGroup(name: group, clusterID: state.clusterID) }
        }
        // The last point where stopping leaves no node: no launch starts after Ctrl-C.
        if context.cancellation.isCancelled {
            throw LaunchError.interruptedBeforeLaunch(clusterID: state.clusterID, stateFile: context.paths.stateFile, asked: request.number)
        }
        context.sink.note("launching \(request.number) \(request.type) node\(request.number == 1 ? "" : "s") on \(state.provider.rawValue)…")
        let launch = LaunchRequest(
            clusterID: state.clusterID, count: request.number, type: request.type, keyName: keyName,
            securityGroup: groupID, clientToken: UUID().uuidString.lowercased())
        // The launch's token is recorded before the call: whatever stops this process between the
        // call and the record below, `status` and `terminate` find its nodes by that token.
        let pending = PendingLaunch(token: launch.clientToken, count: request.number, type: request.type, startedAt: context.clock.now())
        try context.store.update("create: launch \(launch.clientToken)") { current in
            var updated = current ?? state
            updated.begin(pending)
            current = updated
        }
        let instances: [ProviderInstance]
        do {
            instances = try ProviderCall.run { try provider.launch(launch) }
        } catch {
            settleFailed(pending, provider: provider)
            throw error
        }
        guard let reservationID = instances.first?.reservationID else {
            throw LaunchError.nothingStarted
        }
        let drivers = instances.map(NodeDriver.launched)
        let reservation = Reservation(id: reservationID, type: request.type, createdAt: context.clock.now(), nodes: drivers.map(\.node))
        try context.store.update("create: record \(reservationID)") { current in
            var updated = current ?? state
            updated.record([reservation], launch: launch.clientToken, settled: true)
            current = updated
        }
        context.sink.note("reservation \(reservationID): \(instances.map(\.id).joined(separator: " "))")
        // A launch answered for fewer nodes than asked (one cut short and found again by its token)
        // is recorded, and said loudly: the cluster is smaller than the user thinks.
        if instances.count < request.number {
            throw LaunchError.fewerStarted(started: instances.count, asked: request.number, reservation: reservationID)
        }
        return Launched(recorded: reservation, drivers: drivers)
    }

    /// After a launch call failed: one look by its token. What it started after all is recorded;
    /// when nothing shows the pending launch is forgotten; when the look fails too, it is kept for
    /// `status` and `terminate`.
    func settleFailed(_ pending: PendingLaunch, provider: any Provider) {
        guard let found = try? provider.describe(launchToken: pending.token, patience: 0) else { return }
        let live = found.filter { !$0.state.isFinal }
        try? context.store.update("create: settle launch \(pending.token)") { current in
            current?.record(pending.reservations(of: live), launch: pending.token, settled: true)
        }
    }

    /// After a launch: if the user asked to stop, stop with what exists.
    func stopIfInterrupted(after reservation: Reservation) throws {
        guard context.cancellation.isCancelled else { return }
        throw LaunchError.interruptedAfterLaunch(reservation: reservation.id, nodes: reservation.nodes.map(\.id), stateFile: context.paths.stateFile)
    }

    /// A launched reservation as recorded, and the drivers of its nodes.
    struct Launched {
        var recorded: Reservation
        var drivers: [NodeDriver]

        var id: String { recorded.id }
        var nodes: [Node] { recorded.nodes }
    }
}
