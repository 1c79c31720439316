import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Whole-file writes that a crash cannot half-do: a temp file in the same folder,
/// fsync, rename over the target, fsync the folder.
public enum AtomicFile {
    /// Writes `data` to `path` with `mode`. With `backupSuffix`, the previous file is
    /// first hard-linked to `path + suffix`, so there is never a moment without `path`.
    public static func write(_ data: Data, to path: String, mode: mode_t = 0o600, backupSuffix: String? = nil) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let temp = "\(path).tmp.\(getpid()).\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw PlatformError("create", path: temp) }
        var ok = false
        defer {
            if !ok { unlink(temp) }
        }
        do {
            defer { close(fd) }
            guard fchmod(fd, mode) == 0 else { throw PlatformError("set the mode of", path: temp) }
            try data.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let written = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        throw PlatformError("write", path: temp)
                    }
                    offset += written
                }
            }
            guard fsync(fd) == 0 else { throw PlatformError("fsync", path: temp) }
        }
        if let backupSuffix {
            let backup = path + backupSuffix
            if access(path, F_OK) == 0 {
                unlink(backup)
                guard link(path, backup) == 0 else { throw PlatformError("keep a backup as", path: backup) }
            }
        }
        guard rename(temp, path) == 0 else { throw PlatformError("rename into place", path: path) }
        ok = true
        syncDirectory(directory)
    }

    /// Flushes a folder's entries (after a rename or unlink in it).
    public static func syncDirectory(_ directory: String) {
        let fd = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
    }
}
