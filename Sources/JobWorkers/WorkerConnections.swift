import Foundation
import Platform
import SSH

extension ChannelMux: PoolableConnection {}

/// The master's SSH connections to its clusters' workers, kept between executions so that an
/// execution on warm workers starts without a handshake. An execution leases one connection per
/// worker (`take`), never shared with another execution (so executions at once never crowd one
/// connection beyond the node's `MaxSessions`: a node serving several gets a connection each),
/// and gives it back when it ends (`put`). A node has at most `maxPerNode` connections and 2
/// handshakes at once (so that a burst of executions reuses the ones coming back instead of
/// crowding the node's sshd with handshakes); an execution that finds no room waits for one, up
/// to `leaseWait`, then makes one more. One thread looks every `sweepInterval`: it closes
/// connections idle longer than `idleTime` and those whose peer went away, and asks each source
/// to check its record (`watch`), which closes the connections of nodes that left the cluster.
/// The TCP keepalive every connection has (`SSHOptions.keepalive`) keeps idle ones from being
/// dropped silently on the way; a kept connection that no longer answers is found when leased
/// (the execution's folder is made on it within the connect timeout) and is made again once.
/// `close()` (the master's shutdown) closes every kept connection; those given back later are closed.
public final class WorkerConnections: @unchecked Sendable {
    /// How long and how many connections are kept.
    public struct Settings: Sendable {
        /// Seconds a connection is kept unused.
        public var idleTime: Double = 120
        /// Connections per node, leased and idle together, before an execution waits for one.
        public var maxPerNode = 8
        /// Seconds between two looks at the idle connections and the clusters' records.
        public var sweepInterval: Double = 1
        /// Seconds an execution waits for a connection to a node that has no room for another
        /// before it makes one anyway.
        public var leaseWait: Double = 30

        public init() {}
    }

    let pool: ConnectionPool<ChannelMux>
    private let sweepInterval: Double
    /// `Settings.leaseWait`.
    let leaseWait: Double
    private let condition = NSCondition()
    private var watchers: [@Sendable () -> Void] = []
    private var stopping = false
    private var made = 0
    private var reused = 0
    private let ended = DispatchSemaphore(value: 0)

    public init(settings: Settings = Settings()) {
        pool = ConnectionPool(settings: .init(idleTime: settings.idleTime, maxPerKey: max(1, settings.maxPerNode)))
        sweepInterval = max(0.05, settings.sweepInterval)
        leaseWait = max(0, settings.leaseWait)
        let thread = Thread { [self] in
            ThreadRole.name("ess-pool")
            sweepUntilClosed()
        }
        thread.start()
    }

    /// Connections made (or tried) and kept ones leased again, since the start.
    public var counts: (made: Int, reused: Int) { condition.withLock { (made, reused) } }

    /// Connections kept idle now.
    public var idleCount: Int { pool.idleCounts.values.reduce(0, +) }

    /// A kept connection to the node `key` names, now the caller's; nil: the caller makes one
    /// (and calls `ended` if that fails). Waits up to `seconds` while the node's connections are
    /// all leased.
    func lease(_ key: String, waiting seconds: Double) -> ChannelMux? {
        let deadline = Date().addingTimeInterval(seconds)
        let (mux, dropped): (ChannelMux?, [ChannelMux]) = condition.withLock {
            var dropped: [ChannelMux] = []
            while true {
                let (lease, closed) = pool.lease(key)
                dropped += closed
                switch lease {
                case .kept(let mux):
                    reused += 1
                    return (mux, dropped)
                case .make:
                    made += 1
                    return (nil, dropped)
                case .full:
                    if stopping || !condition.wait(until: deadline) {
                        pool.forceMake(key)
                        made += 1
                        return (nil, dropped)
                    }
                }
            }
        }
        Self.closeAll(dropped)
        return mux
    }

    /// A leased connection of `key` is on its way back (`put` or `ended` with `returning`).
    func willReturn(_ key: String) {
        pool.willReturn(key)
    }

    /// A connection `lease` left to the caller to make is made.
    func made(_ key: String) {
        pool.made(key)
        condition.withLock { condition.broadcast() }
    }

    /// A leased connection is gone; `whileMaking`: one that was to be made could not be.
    func ended(_ key: String, whileMaking: Bool = false, returning: Bool = false) {
        pool.ended(key, whileMaking: whileMaking)
        if returning { pool.returned(key) }
        condition.withLock { condition.broadcast() }
    }

    /// Keeps `mux` for the node `key` names, or closes it (not open, closed pool); `returning`:
    /// announced by `willReturn`.
    func put(_ mux: ChannelMux, key: String, returning: Bool = false) {
        Self.closeAll(pool.put(mux, key: key, at: Date()))
        if returning { pool.returned(key) }
        condition.withLock { condition.broadcast() }
    }

    /// Closes the kept connections under `scope` whose key is not in `live`.
    func keep(only live: Set<String>, under scope: String) {
        Self.closeAll(pool.keep(only: live, under: scope))
    }

    /// Calls `check` at every sweep until `close()`.
    func watch(_ check: @escaping @Sendable () -> Void) {
        condition.withLock { watchers.append(check) }
    }

    /// Stops the sweeps and closes every kept connection; later ones given back are closed.
    public func close() {
        let first: Bool = condition.withLock {
            defer { stopping = true }
            condition.broadcast()
            return !stopping
        }
        guard first else { return }
        ended.wait()
        Self.closeAll(pool.close())
    }

    private func sweepUntilClosed() {
        defer { ended.signal() }
        while true {
            let checks: [@Sendable () -> Void]? = condition.withLock {
                if !stopping { _ = condition.wait(until: Date().addingTimeInterval(sweepInterval)) }
                return stopping ? nil : watchers
            }
            guard let checks else { return }
            Self.closeAll(pool.sweep(at: Date()))
            for check in checks { check() }
        }
    }

    private static func closeAll(_ muxes: [ChannelMux]) {
        for mux in muxes { mux.close() }
    }
}
