import Crypto
import Foundation
import Platform

/// The package `sync` ships, made at most once per run and only when some node needs it: a folder
/// is packed into ONE temporary tar+gzip archive on this machine (removed by `cleanUp`), an archive
/// is used as it is. Every node then reads that one file (see `SharedFile`), checked by its sha256.
final class SyncPackage: @unchecked Sendable {
    let source: String
    let version: String
    private let lock = NSLock()
    private var made: Result<(SharedFile, String), any Error>?
    private var temporary: String?

    /// Checks the package path and settles the version: `--version`, else the setting, else `VERSION` in the folder.
    init(settings: SyncSettings, versionOverride: String?) throws {
        source = settings.package
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source, isDirectory: &isFolder) else {
            throw SyncError.packageMissing(path: source)
        }
        if !isFolder.boolValue && !(source.hasSuffix(".tar.gz") || source.hasSuffix(".tgz")) {
            throw SyncError.packageNotArchive(path: source)
        }
        let fromFile = isFolder.boolValue
            ? (try? String(contentsOfFile: source + "/VERSION", encoding: .utf8))?
                .split(separator: "\n").first.map { $0.trimmingCharacters(in: .whitespaces) }
            : nil
        guard let version = versionOverride ?? settings.version ?? fromFile else {
            throw SyncError.noVersion
        }
        if let problem = SyncVersion.problem(with: version) { throw SyncError.badVersion(problem) }
        self.version = version
    }

    deinit { cleanUp() }

    /// The archive and its sha256 (hex); the first caller makes it, the others wait and share it.
    func prepared() throws -> (file: SharedFile, sha256: String) {
        try lock.withLock {
            if made == nil { made = Result { try make() } }
            let (file, digest) = try made!.get()
            return (file, digest)
        }
    }

    func cleanUp() {
        lock.withLock {
            if let temporary { unlink(temporary) }
            temporary = nil
        }
    }

    private func make() throws -> (SharedFile, String) {
        var archive = source
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: source, isDirectory: &isFolder), isFolder.boolValue {
            var template = Array((NSTemporaryDirectory() + "/ess-sync-XXXXXX").utf8CString)
            let fd = mkstemp(&template)
            guard fd >= 0 else { throw SyncError.cannotMakeTemporaryFile(errno: errno) }
            close(fd)
            archive = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            temporary = archive
            let packed = try ChildProcess.run("/bin/tar", ["-czf", archive, "-C", source, "."])
            guard packed.status == 0 else {
                throw SyncError.packingFailed(path: source, stderr: packed.stderrText)
            }
        }
        let file = try SharedFile(path: archive)
        return (file, try Self.sha256(of: file))
    }

    static func sha256(of file: SharedFile) throws -> String {
        var hash = SHA256()
        let next = file.chunks()
        while let chunk = try next() { hash.update(data: chunk) }
        return hash.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
