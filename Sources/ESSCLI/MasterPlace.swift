import ESSCore
import Foundation
import JobAPI
import Platform

/// A directory's master on disk: its store, outputs, log, `.conf/master.json`, the lock only
/// one running master holds, and whether a recorded pid really is this directory's `ess serve`.
struct MasterPlace: Sendable {
    let directory: String

    var conf: String { directory + "/.conf" }
    var store: String { conf + "/ess.db" }
    var outputs: String { conf + "/jobs" }
    var log: String { conf + "/master.log" }
    var record: String { directory + "/" + MasterRecord.path }
    var lockFile: String { conf + "/.master.lock" }

    /// The lock held for the master's whole life (the kernel drops it if the process dies);
    /// refused naming the running master when another holds it.
    func lockOrRefuse() throws -> FileLock {
        do {
            return try FileLock(path: lockFile, timeout: 0, purpose: "ess serve")
        } catch is FileLock.Busy {
            let running = readRecord().map { "pid \($0.pid), \($0.url)" } ?? "its pid is in \(lockFile)"
            throw ESSError(.busy, "a master already runs for this directory (\(running)); use it, or stop it with `ess serve stop`")
        }
    }

    func readRecord() -> MasterRecord? {
        guard let data = FileManager.default.contents(atPath: record) else { return nil }
        return try? JSONDecoder().decode(MasterRecord.self, from: data)
    }

    func write(_ value: MasterRecord) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try AtomicFile.write(try encoder.encode(value), to: record, mode: 0o644)
    }

    /// Removes master.json if it is still this process's.
    func removeRecord(ifPID pid: Int32) {
        if readRecord()?.pid == pid { unlink(record) }
    }

    /// The recorded master, when its process is alive and is this directory's `ess serve`.
    func running() -> MasterRecord? {
        guard let found = readRecord(), isThisMaster(found.pid) else { return nil }
        return found
    }

    /// The process runs `ess serve` in this directory (a reused pid does not pass).
    func isThisMaster(_ pid: Int32) -> Bool {
        guard ProcessTable.isAlive(pid), let command = ProcessTable.commandLine(pid), command.contains(" serve") else { return false }
        guard let cwd = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd") else { return false }
        return Self.resolved(cwd) == Self.resolved(directory)
    }

    func lastLogLine() -> String? {
        guard let text = try? String(contentsOfFile: log, encoding: .utf8) else { return nil }
        guard let last = text.split(whereSeparator: \.isNewline).last else { return nil }
        return last.hasPrefix("ess: ") ? String(last.dropFirst(5)) : String(last)
    }

    static func resolved(_ path: String) -> String {
        guard let real = realpath(path, nil) else { return path }
        defer { free(real) }
        return String(cString: real)
    }
}
