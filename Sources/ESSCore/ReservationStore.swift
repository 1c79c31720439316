import ClusterModel
import Foundation
import Platform

/// `.conf/reservation.json`: read, validated, and changed only under a lock, atomically.
///
/// Every change is lock → read → check → change → write temp file → fsync → rename (the
/// previous file kept as `reservation.json.bak`) → fsync folder → unlock. A file that does not
/// parse or validate is never overwritten. Locks are short: nobody holds one while waiting on nodes.
public struct ReservationStore: Sendable {
    public let paths: ESSPaths
    /// How long a second `ess` waits for the lock before it gives up naming the holder.
    public let lockTimeout: TimeInterval
    /// Each provider's user for a file that names none (the providers know it; see `ClusterStateCodec`).
    public let defaultUser: @Sendable (ProviderKind) -> String
    let registry: ClusterRegistry

    public init(paths: ESSPaths, lockTimeout: TimeInterval = 10, defaultUser: @escaping @Sendable (ProviderKind) -> String) {
        self.paths = paths
        self.lockTimeout = lockTimeout
        self.defaultUser = defaultUser
        registry = ClusterRegistry(paths: paths)
    }

    /// The directory's cluster, or nil when there is none.
    public func load() throws -> ClusterState? {
        let path = paths.stateFile
        if PrivateFiles.isSymlink(path) {
            throw StateFileError.symbolicLink(path: path)
        }
        let data: Data
        do {
            guard let read = try PrivateFiles.read(path) else { return nil }
            data = read
        } catch {
            throw StateFileError.unreadable(path: path, reason: "\(error)")
        }
        do {
            return try ClusterStateCodec.decode(data, defaultUser: defaultUser)
        } catch let problem as StateProblem {
            throw StateFileError.invalid(path: path, problem: problem)
        }
    }

    /// Changes the state under the lock. `body` gets the current state (nil: none) and may
    /// set it to nil to remove the file. Nothing is written when the state is unchanged.
    @discardableResult
    public func update<T>(_ purpose: String, _ body: (inout ClusterState?) throws -> T) throws -> T {
        let lock = try acquireLock(purpose)
        defer { lock.unlock() }
        let before = try load()
        var after = before
        let result = try body(&after)
        if after != before {
            if let after {
                try PrivateFiles.makeDirectory(paths.confDirectory, mode: 0o755)
                try AtomicFile.write(try ClusterStateCodec.encode(after), to: paths.stateFile, mode: 0o644, backupSuffix: ".bak")
                try? registry.record(after)
            } else {
                try PrivateFiles.remove(paths.stateFile)
                AtomicFile.syncDirectory(paths.confDirectory)
            }
        }
        return result
    }

    /// Runs `body` holding the directory's provider lock (not the state lock, so writers of
    /// reservation.json never wait on the provider): concurrent runs in one directory make the
    /// cluster's key pair and security group one at a time, so a second run finds what the first
    /// made instead of racing it to create the same name.
    public func withProviderLock<T>(_ purpose: String, _ body: () throws -> T) throws -> T {
        let lock = try acquireLock(purpose, at: paths.providerLock)
        defer { lock.unlock() }
        return try body()
    }

    func acquireLock(_ purpose: String, at path: String? = nil) throws -> FileLock {
        try PrivateFiles.makeDirectory(paths.confDirectory, mode: 0o755)
        do {
            return try FileLock(path: path ?? paths.stateLock, timeout: lockTimeout, purpose: purpose)
        } catch let busy as FileLock.Busy {
            throw StateFileError.locked(busy)
        }
    }
}
