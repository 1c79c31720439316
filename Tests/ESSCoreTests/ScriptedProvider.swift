import ClusterModel
import Foundation

/// A provider that answers from a script, in memory: launches get ids in order, nodes are reported
/// `launchState` at launch and `running` from the first wait on (unless kept pending), terminate
/// ends them (unless they survive). Every call is logged, so tests can say what was asked.
final class ScriptedProvider: Provider, @unchecked Sendable {
    let kind = ProviderKind.local
    let region = "scripted"
    let defaultUser = "tester"

    /// A failure of the scripted cloud itself: an answer lost, a lookup that got none.
    struct Failure: Error, Equatable {
        var what: String
    }

    private let lock = NSLock()
    private var instances: [ProviderInstance] = []
    private var nextID = 1
    private var nextReservation = 1
    private var log: [String] = []

    /// The state nodes are reported in by `launch`.
    var launchState = NodeState.pending
    /// The launch fails with this error instead.
    var launchFailure: (any Error)?
    /// When set, a launch starts only this many nodes (a launch cut short, found again by its token).
    var launchCap: Int?
    /// Node ids (by launch order, 1-based: `i-1`, `i-2`…) that never leave `pending`.
    var keptPending: Set<String> = []
    /// Node ids that are still alive when `waitUntilTerminated` ends.
    var survivors: Set<String> = []
    /// Runs inside `launch` once its nodes exist, before it answers: what a process killed at that
    /// moment left behind can be read here (the state file's bytes, say).
    var afterLaunch: (() -> Void)?
    /// The launch starts its nodes, then fails as if its answer was lost.
    var loseLaunchAnswer = false
    /// Looking a launch up by its token fails with this error.
    var lookupFailure: Failure?
    /// Each launch's nodes, by token.
    private var launched: [String: [String]] = [:]
    /// The patience each `describe(launchToken:patience:)` was given.
    private var patiences: [TimeInterval] = []

    var lookupPatience: [TimeInterval] { lock.withLock { patiences } }

    var calls: [String] { lock.withLock { log } }

    private func called(_ call: String) { lock.withLock { log.append(call) } }

    private func setState(_ ids: [String], _ state: NodeState) {
        lock.withLock {
            for index in instances.indices where ids.contains(instances[index].id) {
                instances[index].state = state
                instances[index].rawState = state.rawValue
            }
        }
    }

    func instanceType(_ name: String) throws -> InstanceTypeInfo? {
        InstanceTypeInfo(name: name, cpus: 2, memoryMiB: 4096)
    }

    func ensureKeyPair(name: String, publicKey: String, clusterID: String) throws { called("ensureKeyPair") }

    func ensureSecurityGroup(name: String, clusterID: String) throws -> String {
        called("ensureSecurityGroup")
        return name
    }

    func launch(_ request: LaunchRequest) throws -> [ProviderInstance] {
        called("launch \(request.count)")
        if let launchFailure { throw launchFailure }
        let made = lock.withLock {
            let reservation = "r-\(nextReservation)"
            nextReservation += 1
            let made = (0..<min(request.count, launchCap ?? request.count)).map { _ -> ProviderInstance in
                let id = "i-\(nextID)"
                nextID += 1
                return ProviderInstance(
                    id: id, reservationID: reservation, type: request.type, rawState: launchState.rawValue, state: launchState,
                    privateAddress: "127.0.0.\(nextID)", publicAddress: nil, clusterTag: request.clusterID, launchedAt: nil)
            }
            instances += made
            launched[request.clientToken, default: []] += made.map(\.id)
            return made
        }
        afterLaunch?()
        if loseLaunchAnswer { throw Failure(what: "the launch's answer was lost") }
        return made
    }

    func describe(launchToken: String, patience: TimeInterval) throws -> [ProviderInstance] {
        called("describe launch")
        if let lookupFailure { throw lookupFailure }
        return lock.withLock {
            patiences.append(patience)
            let ids = launched[launchToken] ?? []
            return instances.filter { ids.contains($0.id) }
        }
    }

    func describe(reservationIDs: [String], requireAll: Bool) throws -> [ProviderInstance] {
        called("describe \(reservationIDs.joined(separator: ","))")
        return lock.withLock { instances.filter { reservationIDs.contains($0.reservationID) } }
    }

    func describe(clusterID: String) throws -> [ProviderInstance] {
        called("describe cluster")
        return lock.withLock { instances.filter { !$0.state.isFinal } }
    }

    func waitUntilRunning(instanceIDs: [String], timeout: TimeInterval) throws -> [ProviderInstance] {
        called("waitUntilRunning \(instanceIDs.joined(separator: ","))")
        setState(instanceIDs.filter { !keptPending.contains($0) }, .running)
        return lock.withLock { instances.filter { instanceIDs.contains($0.id) } }
    }

    func stop(instanceIDs: [String]) throws {
        called("stop")
        setState(instanceIDs, .stopped)
    }

    func start(instanceIDs: [String]) throws {
        called("start")
        setState(instanceIDs, .pending)
    }

    func terminate(instanceIDs: [String]) throws {
        called("terminate \(instanceIDs.joined(separator: ","))")
        setState(instanceIDs, .terminating)
    }

    func waitUntilTerminated(instanceIDs: [String], timeout: TimeInterval) throws -> [String] {
        setState(instanceIDs.filter { !survivors.contains($0) }, .terminated)
        return instanceIDs.filter { survivors.contains($0) }
    }

    func deleteSecurityGroup(name: String, clusterID: String) throws { called("deleteSecurityGroup") }

    func deleteKeyPair(name: String, clusterID: String) throws { called("deleteKeyPair") }
}
