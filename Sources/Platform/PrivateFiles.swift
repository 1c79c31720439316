import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Folders at 0700 and files at 0600, made that way from the first instant, whatever the umask.
public enum PrivateFiles {
    /// Makes `path` and any missing parents at `mode` (only the folders it makes are set).
    public static func makeDirectory(_ path: String, mode: mode_t = 0o700) throws {
        var made: [String] = []
        var current = path
        while !current.isEmpty, current != "/", access(current, F_OK) != 0 {
            made.append(current)
            current = (current as NSString).deletingLastPathComponent
        }
        for directory in made.reversed() {
            // mkdir's mode can only lose bits to the umask, never gain them; chmod then sets it exactly.
            if mkdir(directory, mode) != 0, errno != EEXIST {
                throw PlatformError("create the folder", path: directory)
            }
            guard chmod(directory, mode) == 0 else { throw PlatformError("set the mode of", path: directory) }
        }
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw PlatformError("use as a folder", path: path, code: ENOTDIR)
        }
    }

    /// Creates a new file with `mode`; fails if it exists (never overwrites a key).
    public static func createNew(_ path: String, contents: Data, mode: mode_t = 0o600) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw PlatformError("create", path: path) }
        defer { close(fd) }
        guard fchmod(fd, mode) == 0 else { throw PlatformError("set the mode of", path: path) }
        let ok = contents.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += n
            }
            return true
        }
        guard ok, fsync(fd) == 0 else {
            let code = errno
            unlink(path)
            throw PlatformError("write", path: path, code: code)
        }
    }

    /// The permission bits of a file, or nil when it does not exist.
    public static func mode(of path: String) -> mode_t? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_mode & 0o7777
    }

    /// Reads a whole small file; nil when it does not exist.
    public static func read(_ path: String) throws -> Data? {
        guard access(path, F_OK) == 0 else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PlatformError("read", path: path, code: EACCES)
        }
        return data
    }

    /// Removes a file or a whole folder tree; missing is fine.
    public static func remove(_ path: String) throws {
        guard access(path, F_OK) == 0 || isSymlink(path) else { return }
        // A process that is still exiting (an sshd session writing its last log line, say) can
        // add a file while the folder is emptied; try again briefly before giving up.
        var attempt = 0
        while true {
            do {
                try FileManager.default.removeItem(atPath: path)
                return
            } catch {
                attempt += 1
                guard attempt < 10, access(path, F_OK) == 0 else {
                    if access(path, F_OK) != 0 { return }
                    let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
                    let code = underlying?.domain == NSPOSIXErrorDomain ? Int32(underlying?.code ?? Int(EACCES)) : EACCES
                    throw PlatformError("remove", path: path, code: code)
                }
                usleep(50_000)
            }
        }
    }

    public static func isSymlink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }
}
