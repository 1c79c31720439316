import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// An exclusive `flock` on a lock file, held until `unlock()` or deinit.
///
/// The file records the holder (pid and command) so that a second process that
/// gives up waiting can say who holds it. The descriptor is close-on-exec, so a
/// child (an sshd we start, say) never inherits the lock.
public final class FileLock {
    /// Why the lock could not be had.
    public struct Busy: Error, Sendable, Equatable, CustomStringConvertible {
        public var path: String
        public var holder: String
        public var waited: TimeInterval
        public var description: String {
            "\(path) is locked by \(holder) (waited \(Int(waited.rounded())) s); let it finish, or if that process is gone, run again"
        }
    }

    public let path: String
    private var descriptor: Int32

    /// Waits up to `timeout` seconds for the lock, polling; throws `Busy` naming the holder.
    public init(path: String, timeout: TimeInterval, purpose: String) throws {
        self.path = path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw PlatformError("open the lock file", path: path) }
        let start = Date()
        var delay: useconds_t = 2_000
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let waited = Date().timeIntervalSince(start)
            if waited >= timeout {
                let holder = Self.readHolder(fd) ?? "another process"
                close(fd)
                throw Busy(path: path, holder: holder, waited: waited)
            }
            usleep(delay)
            delay = min(delay * 2, 100_000)
        }
        descriptor = fd
        let note = "pid \(getpid()) (\(purpose))"
        _ = ftruncate(fd, 0)
        _ = note.withCString { pwrite(fd, $0, strlen($0), 0) }
    }

    public func unlock() {
        guard descriptor >= 0 else { return }
        _ = ftruncate(descriptor, 0)
        close(descriptor)  // closing drops the flock
        descriptor = -1
    }

    deinit { unlock() }

    private static func readHolder(_ fd: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = pread(fd, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count], as: UTF8.self)
    }
}
