import Foundation
import Platform
import SSH

/// The master's SSH connections to its clusters' workers, kept between executions so that an
/// execution on warm workers starts without a handshake. An execution leases one connection per
/// worker (`take`): a `WorkerSession`, with its slot runners, never shared with another execution (so executions at once never crowd one
/// connection beyond the node's `MaxSessions`: a node serving several gets a connection each),
/// and gives it back when it ends (`put`). A node has at most `maxPerNode` connections and 2
/// handshakes at once (so that a burst of executions reuses the ones coming back instead of
/// crowding the node's sshd with handshakes); beyond 2, an execution first waits up to
/// `patience` for one to come back; one that finds no room waits for one, up to `leaseWait`,
/// then makes one more. One thread looks every `sweepInterval`: it closes
/// connections idle longer than `idleTime` and those whose peer went away, and asks each source
/// to check its record (`watch`), which closes the connections of nodes that left the cluster.
/// The TCP keepalive every connection has (`SSHOptions.keepalive`) keeps idle ones from being
/// dropped silently on the way; a kept connection that no longer answers is found when leased
/// (one of its runners must answer a ping within the connect timeout) and is made again once.
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
        /// Seconds an execution waits for one of a node's leased connections to come back
        /// before it makes another, once the node has 2 (a burst of short executions reuses a
        /// few connections instead of crowding the node with handshakes).
        public var patience: Double = 1

        public init() {}
    }

    let pool: ConnectionPool<WorkerSession>
    private let sweepInterval: Double
    /// `Settings.leaseWait`.
    let leaseWait: Double
    /// `Settings.patience`.
    let patience: Double
    private let condition = NSCondition()
    private var watchers: [@Sendable () -> Void] = []
    /// Leases waiting for a connection, by key, first come first served. Guarded by `condition`.
    private var waiting: [String: [Waiter]] = [:]
    private var stopping = false
    private var made = 0
    private var reused = 0
    private let ended = DispatchSemaphore(value: 0)

    public init(settings: Settings = Settings()) {
        pool = ConnectionPool(settings: .init(idleTime: settings.idleTime, maxPerKey: max(1, settings.maxPerNode)))
        sweepInterval = max(0.05, settings.sweepInterval)
        leaseWait = max(0, settings.leaseWait)
        patience = max(0, settings.patience)
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
    /// (and calls `ended` if that fails). While the node's connections are all leased it waits
    /// in line for one to come back (handed over directly, no herd of waiters woken), up to
    /// `seconds`.
    func lease(_ key: String, waiting seconds: Double) -> WorkerSession? {
        let deadline = Date().addingTimeInterval(seconds)
        let patience = Date().addingTimeInterval(min(seconds, self.patience))
        var dropped: [WorkerSession] = []
        defer { Self.closeAll(dropped) }
        while true {
            let patient = Date() < patience
            let step: LeaseStep = condition.withLock {
                let (lease, closed) = pool.lease(key, patient: patient)
                dropped += closed
                switch lease {
                case .kept(let session):
                    reused += 1
                    return .got(session)
                case .make:
                    made += 1
                    return .make
                case .full:
                    if stopping || (!patient && Date() >= deadline) {
                        pool.forceMake(key)
                        made += 1
                        return .make
                    }
                    let waiter = Waiter()
                    waiting[key, default: []].append(waiter)
                    return .wait(waiter)
                }
            }
            switch step {
            case .got(let session): return session
            case .make: return nil
            case .wait(let waiter):
                waiter.wait(until: patient ? patience : deadline)
                let handed: WorkerSession? = condition.withLock {
                    waiting[key]?.removeAll { $0 === waiter }
                    if waiting[key]?.isEmpty == true { waiting[key] = nil }
                    let session = waiter.take()
                    if session != nil { reused += 1 }
                    return session
                }
                if let handed { return handed }
            }
        }
    }

    /// What one turn of `lease` came to.
    private enum LeaseStep {
        case got(WorkerSession)
        case make
        case wait(Waiter)
    }

    /// Wakes the first lease waiting for `key` (called under `condition`) to look again, or
    /// hands it `session`; false when none waits.
    @discardableResult
    private func wakeFirst(_ key: String, handing session: WorkerSession? = nil) -> Bool {
        guard var line = waiting[key], !line.isEmpty else { return false }
        let waiter = line.removeFirst()
        waiting[key] = line.isEmpty ? nil : line
        waiter.wake(handing: session)
        return true
    }

    /// A leased connection of `key` is on its way back (`put` or `ended` with `returning`).
    func willReturn(_ key: String) {
        pool.willReturn(key)
    }

    /// A connection `lease` left to the caller to make is made.
    func made(_ key: String) {
        pool.made(key)
        condition.withLock { _ = wakeFirst(key) }
    }

    /// A leased connection is gone; `whileMaking`: one that was to be made could not be.
    func ended(_ key: String, whileMaking: Bool = false, returning: Bool = false) {
        pool.ended(key, whileMaking: whileMaking)
        if returning { pool.returned(key) }
        condition.withLock { _ = wakeFirst(key) }
    }

    /// Hands `session` to the first lease waiting for the node `key` names, else keeps it, or
    /// closes it (not open, closed pool); `returning`: announced by `willReturn`.
    func put(_ session: WorkerSession, key: String, returning: Bool = false) {
        if returning { pool.returned(key) }
        let handed: Bool = condition.withLock {
            guard !stopping, session.isOpen else { return false }
            return wakeFirst(key, handing: session)
        }
        guard !handed else { return }
        Self.closeAll(pool.put(session, key: key, at: Date()))
        condition.withLock { _ = wakeFirst(key) }
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
            for line in waiting.values { for waiter in line { waiter.wake(handing: nil) } }
            waiting = [:]
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

    private static func closeAll(_ sessions: [WorkerSession]) {
        for session in sessions { session.close() }
    }
}

/// One lease waiting in line for a node's connection: woken alone, maybe with a connection.
private final class Waiter: @unchecked Sendable {
    private let condition = NSCondition()
    private var woken = false
    private var session: WorkerSession?

    func wake(handing session: WorkerSession?) {
        condition.withLock {
            self.session = session
            woken = true
            condition.signal()
        }
    }

    /// Waits until woken or `deadline`.
    func wait(until deadline: Date) {
        condition.withLock {
            while !woken {
                if !condition.wait(until: deadline) { return }
            }
        }
    }

    /// The connection handed over, once.
    func take() -> WorkerSession? {
        condition.withLock {
            defer { session = nil }
            return session
        }
    }
}
