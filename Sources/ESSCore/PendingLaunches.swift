import ClusterModel
import Foundation

/// The launches reservation.json lists as pending (their `create` was killed, or lost the answer,
/// before it recorded their nodes), found at the provider by their token and recorded as
/// reservations, so that `status`, `terminate` and a later `create` see their nodes like any others.
struct PendingLaunches {
    let context: ClusterContext

    /// Looks up each pending launch of `state` and records what it started; returns the state as
    /// recorded. `settle` (terminate): a launch that shows no node is looked for until
    /// `PendingLaunch.visibleWithin` after its start, then forgotten. Without (status, create), it
    /// is kept for a later look until `PendingLaunch.abandonedAfter`. A lookup that fails throws
    /// and keeps every launch as it was.
    func record(_ state: ClusterState, provider: any Provider, settle: Bool) throws -> ClusterState {
        guard !state.launches.isEmpty else { return state }
        var looked: [(launch: PendingLaunch, found: [ProviderInstance], settled: Bool)] = []
        for launch in state.launches {
            let age = context.clock.now().timeIntervalSince(launch.startedAt)
            let patience = settle ? max(0, PendingLaunch.visibleWithin - age) : 0
            let found = try ProviderCall.run { try provider.describe(launchToken: launch.token, patience: patience) }
            looked.append((launch, found.filter { !$0.state.isFinal }, settle || age >= PendingLaunch.abandonedAfter))
        }
        let recorded = try context.store.update("record launches found by their token") { current -> ClusterState in
            guard var updated = current else { return state }
            for (launch, found, settled) in looked {
                updated.record(launch.reservations(of: found), launch: launch.token, settled: settled)
            }
            current = updated
            return updated
        }
        for (launch, found, settled) in looked { tell(launch, found: found, settled: settled) }
        return recorded
    }

    /// One line per launch: what was recorded, or that nothing shows yet.
    func tell(_ launch: PendingLaunch, found: [ProviderInstance], settled: Bool) {
        if !found.isEmpty {
            let reservations = Set(found.map(\.reservationID)).sorted().joined(separator: " ")
            context.sink.note("recorded reservation \(reservations) (\(found.count) of \(launch.count) nodes), launched by a create that had not recorded it")
        } else if !settled {
            let when = ISO8601DateFormatter().string(from: launch.startedAt)
            context.sink.note(
                "a create that has not finished asked for \(launch.count) \(launch.type) node\(launch.count == 1 ? "" : "s") at \(when) "
                    + "(launch \(launch.token)); none shows yet: `ess cluster status` looks again, `ess cluster terminate` ends any that appear")
        }
    }
}
