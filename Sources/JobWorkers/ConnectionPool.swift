import Foundation

/// A connection a `ConnectionPool` can keep: it can tell it is still open, and be closed.
protocol PoolableConnection: AnyObject, Sendable {
    var isOpen: Bool { get }
    func close()
}

/// The logic of keeping connections between uses, with no thread or I/O of its own: idle
/// connections by key (a node as reached: its folder's cluster, id, address, user and host key),
/// each taken by one user at a time (an execution's lease) and put back when that user is done.
/// A key has at most `maxPerKey` connections, leased and idle together (`lease` answers `full`
/// beyond, and the caller waits for one to come back or makes one anyway when it has waited
/// long enough, `forceMake`); one idle longer than `idleTime`, one no longer open, and those of
/// keys the cluster no longer has are handed back to be closed. Every method that drops
/// connections returns them, so that the caller closes them outside the lock; a leased one that
/// is closed instead of put back is reported with `ended`.
final class ConnectionPool<Connection: PoolableConnection>: @unchecked Sendable {
    struct Settings: Sendable {
        /// Seconds a connection is kept unused.
        var idleTime: Double
        /// Connections per key, leased and idle together.
        var maxPerKey: Int
        /// Connections of one key being made at once (handshakes crowding a node's sshd).
        var maxMakingPerKey = 2
        /// Connections of one key made without waiting first: beyond them, a patient lease
        /// waits for a leased one to come back (a handshake costs the node and the master more
        /// than a short execution takes).
        var madeFreely = 2
    }

    /// What a lease gets.
    enum Lease {
        /// A kept connection, now the caller's.
        case kept(Connection)
        /// None kept: the caller makes one (counted already; `made` once it is, `ended` if it cannot).
        case make
        /// The key has its fill of connections, all leased, or as many being made as it may:
        /// wait for one to come back.
        case full
    }

    private struct Idle {
        let connection: Connection
        let since: Date
    }

    let settings: Settings
    private let lock = NSLock()
    private var idle: [String: [Idle]] = [:]
    /// Connections per key, leased or idle.
    private var live: [String: Int] = [:]
    /// Connections per key being made.
    private var making: [String: Int] = [:]
    /// Leased connections per key on their way back (their execution ended).
    private var returning: [String: Int] = [:]
    private var closed = false

    init(settings: Settings) {
        self.settings = settings
    }

    /// The most recently used open connection of `key`, else leave to make one while the key
    /// has room (`patient`: only while it has fewer than `madeFreely`). Idle ones found closed
    /// come back in `dropped`.
    func lease(_ key: String, patient: Bool = false) -> (lease: Lease, dropped: [Connection]) {
        lock.withLock {
            var dropped: [Connection] = []
            while var list = idle[key], let last = list.popLast() {
                idle[key] = list.isEmpty ? nil : list
                if last.connection.isOpen { return (.kept(last.connection), dropped) }
                dropped.append(last.connection)
                count(-1, key)
            }
            let room = patient ? min(settings.madeFreely, settings.maxPerKey) : settings.maxPerKey
            guard (live[key] ?? 0) < room, (making[key] ?? 0) < settings.maxMakingPerKey, (returning[key] ?? 0) == 0 else {
                return (.full, dropped)
            }
            count(1, key)
            making[key, default: 0] += 1
            return (.make, dropped)
        }
    }

    /// Counts a connection the caller makes beyond the key's fill.
    func forceMake(_ key: String) {
        lock.withLock {
            count(1, key)
            making[key, default: 0] += 1
        }
    }

    /// A leased connection of `key` is on its way back: a lease waits for it rather than make one.
    func willReturn(_ key: String) {
        lock.withLock { returning[key, default: 0] += 1 }
    }

    /// A connection announced by `willReturn` is back (put) or gone (ended).
    func returned(_ key: String) {
        lock.withLock {
            let left = max(0, (returning[key] ?? 0) - 1)
            returning[key] = left == 0 ? nil : left
        }
    }

    /// A connection `lease` said to make is made (it is leased now).
    func made(_ key: String) {
        lock.withLock { doneMaking(key) }
    }

    /// A leased connection is gone without coming back; `whileMaking`: one being made failed.
    func ended(_ key: String, whileMaking: Bool = false) {
        lock.withLock {
            count(-1, key)
            if whileMaking { doneMaking(key) }
        }
    }

    private func doneMaking(_ key: String) {
        let left = max(0, (making[key] ?? 0) - 1)
        making[key] = left == 0 ? nil : left
    }

    /// Keeps a leased `connection` idle under `key` from `now`; returns it when it must be
    /// closed instead (not open, the pool closed, the key over its fill).
    func put(_ connection: Connection, key: String, at now: Date) -> [Connection] {
        lock.withLock {
            guard !closed, connection.isOpen, (live[key] ?? 0) <= settings.maxPerKey else {
                count(-1, key)
                return [connection]
            }
            idle[key, default: []].append(Idle(connection: connection, since: now))
            return []
        }
    }

    /// Connections per key, leased and idle.
    var liveCounts: [String: Int] { lock.withLock { live } }

    private func count(_ change: Int, _ key: String) {
        let now = max(0, (live[key] ?? 0) + change)
        live[key] = now == 0 ? nil : now
    }

    /// Drops idle connections unused since `now - idleTime` and those no longer open.
    func sweep(at now: Date) -> [Connection] {
        drop { !$1.connection.isOpen || now.timeIntervalSince($1.since) >= settings.idleTime }
    }

    /// Drops the idle connections of keys under `scope` (one folder's cluster) that are not in `live`.
    func keep(only live: Set<String>, under scope: String) -> [Connection] {
        drop { key, _ in key.hasPrefix(scope) && !live.contains(key) }
    }

    /// Drops every idle connection; whatever is put back afterwards is dropped too.
    func close() -> [Connection] {
        lock.withLock { closed = true }
        return drop { _, _ in true }
    }

    /// Idle connections per key, for tests and figures.
    var idleCounts: [String: Int] { lock.withLock { idle.mapValues(\.count) } }

    /// Connections per key idle or on their way back: a lease of those keys waits no longer
    /// than an execution takes to let go of its workers.
    var readyCounts: [String: Int] { lock.withLock { idle.mapValues(\.count).merging(returning, uniquingKeysWith: +) } }

    private func drop(_ matches: (String, Idle) -> Bool) -> [Connection] {
        lock.withLock {
            var dropped: [Connection] = []
            for (key, list) in idle {
                let (gone, kept) = (list.filter { matches(key, $0) }, list.filter { !matches(key, $0) })
                dropped += gone.map(\.connection)
                idle[key] = kept.isEmpty ? nil : kept
                count(-gone.count, key)
            }
            return dropped
        }
    }
}
