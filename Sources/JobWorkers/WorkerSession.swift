import Foundation
import SSH

/// One SSH connection to a worker with what lives on it: the channels' gate (`ChannelGate`, with
/// the `MaxSessions` it learned) and the slot runners (`RunnerPool`). Runners belong to the
/// connection, not to an execution (each request names its execution's folder), so a session
/// kept by `WorkerConnections` brings its warm runners to the next execution: that execution
/// starts its slices without opening a channel or starting a program on the node. One execution
/// uses a session at a time.
final class WorkerSession: PoolableConnection, @unchecked Sendable {
    let mux: ChannelMux
    let gate: ChannelGate
    private let lock = NSLock()
    private var pool: RunnerPool

    /// `current`: the synced software's folder the runners put first on their PATH.
    init(mux: ChannelMux, current: String) {
        self.mux = mux
        gate = ChannelGate(mux: mux)
        pool = RunnerPool(mux: mux, gate: gate, current: current)
    }

    var isOpen: Bool { mux.isOpen }

    /// The runners for an execution with `slots` slots and the software in `current`: those kept
    /// when `current` is theirs (a sync that moved the install root retires them).
    func runners(current: String, slots: Int) -> RunnerPool {
        let (runners, retired): (RunnerPool, RunnerPool?) = lock.withLock {
            guard pool.current != current else { return (pool, nil) }
            let old = pool
            pool = RunnerPool(mux: mux, gate: gate, current: current)
            return (pool, old)
        }
        retired?.close()
        runners.slots = max(1, slots)
        return runners
    }

    /// Ends the runners (their inputs end, so they exit once idle) and starts a new pool: after
    /// an execution that did not complete (stopped, failed), nothing of it stays on the node.
    func retireRunners() {
        let old: RunnerPool = lock.withLock {
            defer { pool = RunnerPool(mux: mux, gate: gate, current: pool.current) }
            return pool
        }
        old.close()
    }

    /// Waits up to `seconds` until nothing runs on the connection but idle runners; true when
    /// it is open and that quiet (an execution's slices and commands all ended).
    func awaitQuiet(seconds: Double) -> Bool {
        let runners = lock.withLock { pool }
        return mux.awaitQuiet(seconds: seconds) { runners.idleCount }
    }

    /// Ends the runners and closes the connection.
    func close() {
        lock.withLock { pool }.close()
        mux.close()
    }
}
