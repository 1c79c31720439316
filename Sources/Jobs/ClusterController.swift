import ClusterModel
import Foundation
import JobStore
import MasterModel
import Platform

/// Drives the master's API clusters: every change of a cluster's status goes through its
/// `ClusterLifecycle`, and the controller performs every action the machine returns — making,
/// resizing and terminating nodes through the `ClusterProvisioner`, each cluster's actions one at a
/// time on its own serial queue. A ticker thread feeds the machines the passing time and the jobs
/// running on each cluster (so they turn `idle`, `available` again, or terminate on idleness).
/// Its calls block (SQLite): never call them on an event loop.
public final class ClusterController: @unchecked Sendable {
    /// The API clusters.
    let store: ClusterStore
    /// What runs on them.
    let executions: ExecutionStore
    /// The master's directory: API clusters live in `<directory>/clusters/<id>`.
    public let directory: String
    let provisioner: any ClusterProvisioner
    /// Seconds without jobs before an available cluster is `idle`.
    let idleGrace: TimeInterval
    let tickInterval: TimeInterval
    /// The most nodes all its API clusters may have together.
    let maxNodes: Int
    let now: @Sendable () -> Date

    let lock = NSLock()
    var queues: [Int64: DispatchQueue] = [:]
    let wake = NSCondition()
    var running = false
    var ticker: Latch?

    public init(
        database: MasterDatabase, directory: String, provisioner: any ClusterProvisioner, idleGrace: TimeInterval = 10,
        tickInterval: TimeInterval = 0.5, maxNodes: Int = ClusterRequest.maximumNodes, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.maxNodes = maxNodes
        store = ClusterStore(database)
        executions = ExecutionStore(database)
        self.directory = directory
        self.provisioner = provisioner
        self.idleGrace = idleGrace
        self.tickInterval = tickInterval
        self.now = now
    }

    /// The folder of API cluster `id`.
    public func folder(of id: Int64) -> String { directory + "/clusters/\(id)" }

    /// Stores a new cluster and wakes the ticker, which begins it; returns it `pending`.
    public func create(_ request: ClusterRequest) throws -> ClusterView {
        try request.check()
        let life = ClusterLifecycle(nodes: request.nodes, terminateOnIdle: request.terminateOnIdle, timeToIdle: request.timeToIdle)
        let draft = try APICluster(
            name: request.name ?? "", type: request.type, provider: request.provider, instanceType: request.instanceType, folder: "",
            life: life, at: now())
        let root = directory
        let record = try lock.withLock {
            try checkRoom(for: request.nodes)
            var record = try store.insert(draft) { id in root + "/clusters/\(id)" }
            if request.name == nil {
                record.name = "cluster-\(record.id!)"
                try store.save(record)
            }
            provisioner.note(status: record.status, clusterID: record.id!, master: root, in: record.folder)
            return record
        }
        poke()
        return ClusterView(record, life: life, runningJobs: 0, nodes: [])
    }

    /// `PUT`: renames, changes the idle policy (unless terminating or ended) and grows or
    /// shrinks (when available or idle) in one step; a refused part changes nothing.
    public func update(_ id: Int64, _ change: ClusterUpdate) throws -> ClusterView {
        guard id != ClusterView.ownID else { throw ClusterControllerError.ownCluster(request: change.nodes == nil ? "change" : "resize") }
        let record = try store.cluster(id)
        let life = try record.life()
        try change.check(clusterID: id, type: record.type)
        var events: [ClusterLifecycle.Event] = []
        if change.terminateOnIdle != nil || change.timeToIdle != nil {
            events.append(.idlePolicyChanged(
                terminateOnIdle: change.terminateOnIdle ?? life.terminateOnIdle, timeToIdle: change.timeToIdle ?? life.timeToIdle))
        }
        if let nodes = change.nodes {
            if nodes > life.nodes { try lock.withLock { try checkRoom(for: nodes - life.nodes) } }
            events.append(.resizeRequested(nodes: nodes))
        }
        try apply(id, events, name: change.name)
        return try view(of: id)
    }

    /// `PUT` with `nodes` alone.
    public func resize(_ id: Int64, nodes: Int) throws -> ClusterView {
        try update(id, ClusterUpdate(nodes: nodes))
    }

    /// `DELETE`: terminates a cluster (nothing happens to one already terminating or terminated).
    public func terminate(_ id: Int64) throws -> ClusterView {
        guard id != ClusterView.ownID else { throw ClusterControllerError.ownCluster(request: "terminate") }
        try apply(id, .terminateRequested)
        return try view(of: id)
    }

    /// Starts the ticker thread: it begins pending clusters (and those a restarted master left
    /// half made) and observes the others.
    public func start() {
        let ended = Latch()
        let go: Bool = lock.withLock {
            guard !running else { return false }
            running = true
            ticker = ended
            return true
        }
        guard go else { return }
        resumeInterrupted()
        let thread = Thread { [self] in
            ThreadRole.name("ess-clusters")
            while lock.withLock({ running }) {
                tick()
                wake.lock()
                _ = wake.wait(until: Date().addingTimeInterval(tickInterval))
                wake.unlock()
            }
            ended.signal()
        }
        thread.start()
    }

    /// Stops the ticker; actions under way finish on their queues.
    public func stop() {
        let ended: Latch? = lock.withLock {
            running = false
            return ticker
        }
        poke()
        ended?.wait(seconds: 10)
    }

    /// One pass: begin pending clusters, tell the others how many jobs run on them.
    public func tick() {
        guard let open = try? store.clusters(status: [.pending, .available, .idle], limit: -1) else { return }
        let counts = (try? executions.runningJobCounts()) ?? [:]
        for record in open {
            guard let id = record.id else { continue }
            let event: ClusterLifecycle.Event = record.status == ClusterLifecycle.Status.pending.rawValue ? .begin : .observed(running: counts[id] ?? 0)
            try? apply(id, event)
        }
    }

    func apply(_ id: Int64, _ event: ClusterLifecycle.Event) throws {
        try apply(id, [event])
    }

    /// Applies events to a cluster's machine under the lock (all or, when one is refused,
    /// none), stores the new state (and `name`), and queues the actions they return.
    func apply(_ id: Int64, _ events: [ClusterLifecycle.Event], name: String? = nil) throws {
        let actions: [ClusterLifecycle.Action] = try lock.withLock {
            var record = try store.cluster(id)
            var life = try record.life()
            let before = life
            var actions: [ClusterLifecycle.Action] = []
            do {
                for event in events { actions += try life.handle(event, at: now(), idleGrace: idleGrace) }
            } catch let refusal as ClusterLifecycle.Refusal {
                throw ClusterControllerError.refused(clusterID: id, request: refusal.request, status: refusal.status)
            }
            if let name, name != record.name {
                record.name = name
                try store.save(record)
            }
            guard life != before else { return actions }
            try record.set(life, at: now())
            try store.save(record)
            if life.status != before.status { provisioner.note(status: record.status, clusterID: id, master: directory, in: record.folder) }
            return actions
        }
        for action in actions { perform(action, on: id) }
    }

    /// Refuses `more` nodes when the live API clusters' nodes (the larger of their count and a
    /// resize's target) would pass `maxNodes`.
    func checkRoom(for more: Int) throws {
        let live = try store.clusters(status: ClusterLifecycle.Status.allCases.filter { $0 != .terminated }, limit: -1)
        let inUse = try live.reduce(0) { sum, record in
            let life = try record.life()
            return sum + max(life.nodes, life.resizingTo ?? 0)
        }
        guard inUse + more <= maxNodes else { throw ClusterControllerError.overNodeLimit(limit: maxNodes, inUse: inUse, asked: more) }
    }

    func poke() {
        wake.lock()
        wake.broadcast()
        wake.unlock()
    }

    func queue(of id: Int64) -> DispatchQueue {
        lock.withLock {
            if let queue = queues[id] { return queue }
            let queue = DispatchQueue(label: "ess.cluster.\(id)")
            queues[id] = queue
            return queue
        }
    }
}
