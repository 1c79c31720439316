import ClusterModel
import Foundation
import Platform

/// The embedded default provider: every node is a real OpenSSH sshd on its own loopback
/// address, with its own host key, home and the cluster's public key authorised.
///
/// Instances, key pairs and security groups live in the provider's own inventory under
/// `layout.root`, not in reservation.json, so reservations can be forgotten and adopted
/// again as on EC2. Nodes outlive `ess`; terminating stops them and deletes their folders.
public struct LocalProvider: Provider {
    public let layout: LocalCloudLayout
    public let kind = ProviderKind.local
    public let region = "local"
    /// The user running `ess`: the nodes are its own sshd processes.
    public let defaultUser: String
    /// The local provider's process states.
    public static let stateTable = ProviderStateTable([
        "starting": .pending, "listening": .running, "stopping": .stopping, "stopped": .stopped,
        "dead": .failed, "terminating": .terminating, "terminated": .terminated,
    ])
    /// How long to wait for the inventory lock another `ess` holds.
    let lockTimeout: TimeInterval

    /// `user` runs the nodes' sshd and logs in to them: the user running `ess` (`currentUser`).
    public init(root: String, user: String, lockTimeout: TimeInterval = 30) {
        layout = LocalCloudLayout(root: root)
        defaultUser = user
        self.lockTimeout = lockTimeout
    }

    public func instanceType(_ name: String) throws -> InstanceTypeInfo? {
        guard let info = LocalInstanceTypes.named(name) else {
            throw ProviderError.unknownInstanceType(name: name, provider: kind, region: region, known: LocalInstanceTypes.all.map(\.name))
        }
        return info
    }

    public func ensureKeyPair(name: String, publicKey: String, clusterID: String) throws {
        try withInventoryLock("import key pair \(name)") {
            try PrivateFiles.makeDirectory(layout.keyPairs)
            let path = layout.keyPair(name)
            if let existing = try PrivateFiles.read(path) {
                guard String(decoding: existing, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) == publicKey else {
                    throw LocalProviderError.keyPairDiffers(name: name)
                }
                return
            }
            try AtomicFile.write(Data((publicKey + "\n").utf8), to: path, mode: 0o600)
        }
    }

    public func ensureSecurityGroup(name: String, clusterID: String) throws -> String {
        try withInventoryLock("create security group \(name)") {
            try PrivateFiles.makeDirectory(layout.securityGroups)
            let path = layout.securityGroup(name)
            if try PrivateFiles.read(path) == nil {
                try AtomicFile.write(Data("cluster=\(clusterID)\n".utf8), to: path, mode: 0o600)
            }
            return name
        }
    }

    public func launch(_ request: LaunchRequest) throws -> [ProviderInstance] {
        _ = try instanceType(request.type)
        return try withInventoryLock("launch \(request.count) nodes") {
            let existing = try records()
            let again = existing.filter { $0.clientToken == request.clientToken }
            if !again.isEmpty { return instances(again) }

            guard let publicKey = try PrivateFiles.read(layout.keyPair(request.keyName)) else {
                throw LocalProviderError.noKeyPair(name: request.keyName)
            }
            guard try PrivateFiles.read(layout.securityGroup(request.securityGroup)) != nil else {
                throw LocalProviderError.noSecurityGroup(name: request.securityGroup)
            }
            let authorized = String(decoding: publicKey, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            var used = Set(existing.map(\.address))
            let reservationID = ResourceID.make("r")
            var launched: [LocalInstanceRecord] = []
            for _ in 0..<request.count {
                guard let (address, port) = LoopbackAllocator.allocate(avoiding: used) else {
                    throw LocalProviderError.noFreeAddress
                }
                used.insert(address)
                let id = ResourceID.make("i")
                let daemon = LocalNodeDaemon(folder: layout.instance(id), address: address, port: port, user: defaultUser)
                try daemon.prepare(authorizedKey: authorized, instanceID: id)
                let pid = try daemon.start()
                let record = LocalInstanceRecord(
                    id: id, reservationID: reservationID, clusterID: request.clusterID, type: request.type,
                    address: address, port: port, pid: pid, keyName: request.keyName,
                    clientToken: request.clientToken, launchedAt: Date(), terminating: false)
                try save(record)
                launched.append(record)
            }
            // Read back, so that a retry with the same token lists them in the same order.
            let ids = Set(launched.map(\.id))
            return instances(try records().filter { ids.contains($0.id) })
        }
    }

    public func describe(reservationIDs: [String], requireAll: Bool) throws -> [ProviderInstance] {
        let all = try records()
        let known = Set(all.map(\.reservationID))
        let unknown = reservationIDs.filter { !known.contains($0) }
        guard unknown.isEmpty || !requireAll else {
            throw ProviderError.unknownReservations(ids: unknown, provider: kind, region: region, endpoint: nil)
        }
        let wanted = Set(reservationIDs)
        return instances(all.filter { wanted.contains($0.reservationID) })
    }

    public func describe(clusterID: String) throws -> [ProviderInstance] {
        instances(try records().filter { $0.clusterID == clusterID })
    }

    /// The inventory is written as nodes start, so what a launch started shows at once: no patience needed.
    public func describe(launchToken: String, patience: TimeInterval) throws -> [ProviderInstance] {
        instances(try records().filter { $0.clientToken == launchToken })
    }

    public func waitUntilRunning(instanceIDs: [String], timeout: TimeInterval) throws -> [ProviderInstance] {
        let deadline = Date().addingTimeInterval(timeout)
        let wanted = Set(instanceIDs)
        while true {
            let seen = instances(try records().filter { wanted.contains($0.id) })
            let settled = seen.count == wanted.count && seen.allSatisfy { $0.state != .pending }
            if settled || Date() >= deadline { return seen }
            usleep(20_000)
        }
    }

    public func stop(instanceIDs: [String]) throws {
        try withInventoryLock("stop \(instanceIDs.count) nodes") {
            for var record in try records(matching: instanceIDs) where !record.stopped {
                if ProcessTable.isAlive(record.pid, running: layout.instance(record.id)) {
                    ProcessTable.stop(record.pid)
                }
                record.stopped = true
                try save(record)
            }
        }
    }

    public func start(instanceIDs: [String]) throws {
        try withInventoryLock("start \(instanceIDs.count) nodes") {
            for var record in try records(matching: instanceIDs) where !record.terminating {
                guard !ProcessTable.isAlive(record.pid, running: layout.instance(record.id)) else { continue }
                let daemon = LocalNodeDaemon(folder: layout.instance(record.id), address: record.address, port: record.port, user: defaultUser)
                record.pid = try daemon.start()
                record.stopped = false
                try save(record)
            }
        }
    }

    /// The records of these instances; an id the inventory does not hold is an error.
    func records(matching ids: [String]) throws -> [LocalInstanceRecord] {
        let found = try records().filter { ids.contains($0.id) }
        let missing = ids.filter { id in !found.contains { $0.id == id } }
        guard missing.isEmpty else {
            throw LocalProviderError.unknownInstances(ids: missing)
        }
        return found
    }

    public func terminate(instanceIDs: [String]) throws {
        try withInventoryLock("terminate \(instanceIDs.count) nodes") {
            let wanted = Set(instanceIDs)
            var targets = try records().filter { wanted.contains($0.id) }
            for index in targets.indices {
                targets[index].terminating = true
                try save(targets[index])
            }
            // Stop every daemon first, then wait for them together.
            for record in targets where ProcessTable.isAlive(record.pid, running: layout.instance(record.id)) {
                kill(record.pid, SIGTERM)
            }
            for record in targets {
                if ProcessTable.isAlive(record.pid, running: layout.instance(record.id)) {
                    ProcessTable.stop(record.pid)
                }
                try PrivateFiles.remove(layout.instance(record.id))
            }
            AtomicFile.syncDirectory(layout.instances)
            // Gone with the last local node on this machine (kept while any other runs).
            ProcessPriority.release(group: LocalNodeDaemon.cpuGroup)
        }
    }

    public func waitUntilTerminated(instanceIDs: [String], timeout: TimeInterval) throws -> [String] {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let alive = instanceIDs.filter { FileManager.default.fileExists(atPath: layout.instance($0)) }
            if alive.isEmpty || Date() >= deadline { return alive }
            usleep(50_000)
        }
    }

    public func deleteSecurityGroup(name: String, clusterID: String) throws {
        try withInventoryLock("delete security group \(name)") {
            let users = try records().filter { $0.clusterID == clusterID }
            guard users.isEmpty else {
                throw LocalProviderError.securityGroupInUse(name: name, nodes: users.count)
            }
            try PrivateFiles.remove(layout.securityGroup(name))
        }
    }

    public func deleteKeyPair(name: String, clusterID: String) throws {
        try withInventoryLock("delete key pair \(name)") {
            try PrivateFiles.remove(layout.keyPair(name))
        }
    }

    // MARK: - Inventory

    func records() throws -> [LocalInstanceRecord] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: layout.instances) else { return [] }
        return names.sorted().compactMap { name in
            guard let data = FileManager.default.contents(atPath: layout.record(name)) else { return nil }
            return try? LocalInstanceRecord.decoder.decode(LocalInstanceRecord.self, from: data)
        }.sorted { ($0.launchedAt, $0.id) < ($1.launchedAt, $1.id) }
    }

    func save(_ record: LocalInstanceRecord) throws {
        try AtomicFile.write(try LocalInstanceRecord.encoder.encode(record), to: layout.record(record.id))
    }

    /// The provider's view of these records, with one look at which daemons listen.
    func instances(_ records: [LocalInstanceRecord]) -> [ProviderInstance] {
        let listening = ListeningSockets.current()
        return records.map { instance(from: $0, listening: listening) }
    }

    func instance(from record: LocalInstanceRecord, listening: ListeningSockets?) -> ProviderInstance {
        let raw = rawState(of: record, listening: listening)
        return ProviderInstance(
            id: record.id, reservationID: record.reservationID, type: record.type, rawState: raw,
            state: Self.stateTable.state(for: raw), privateAddress: record.address,
            publicAddress: record.address, port: record.port, clusterTag: record.clusterID, keyName: record.keyName,
            launchedAt: record.launchedAt)
    }

    /// `listening`: the kernel's table of listeners; nil (not Linux) asks each daemon by connecting.
    func rawState(of record: LocalInstanceRecord, listening: ListeningSockets?) -> String {
        if record.terminating { return "terminating" }
        if record.stopped { return "stopped" }
        guard ProcessTable.isAlive(record.pid, running: layout.instance(record.id)) else { return "dead" }
        let listens = listening.map { $0.contains(address: record.address, port: record.port) }
            ?? LoopbackAllocator.accepts(address: record.address, port: record.port)
        return listens ? "listening" : "starting"
    }

    func withInventoryLock<T>(_ purpose: String, _ body: () throws -> T) throws -> T {
        try PrivateFiles.makeDirectory(layout.root)
        try PrivateFiles.makeDirectory(layout.instances)
        let lock = try FileLock(path: layout.lock, timeout: lockTimeout, purpose: "ess: \(purpose)")
        defer { lock.unlock() }
        return try body()
    }

    /// The name of the user running this process, from the user database; else `fallback` (the
    /// caller's `USER`), else root.
    public static func currentUser(fallback: String?) -> String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name {
            return String(cString: name)
        }
        return fallback ?? "root"
    }
}
