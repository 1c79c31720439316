import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A local file written chunk by chunk under a temporary name and renamed into place only when
/// complete (`commit`), so a failed download never leaves a short file under the real name.
final class ChunkWriter {
    let path: String
    private let partial: String
    private var descriptor: Int32

    init(path: String) throws {
        self.path = path
        partial = path + ".ess-part"
        descriptor = open(partial, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw TransferError.cannotCreate(path: partial, errno: errno)
        }
    }

    deinit { discard() }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let wrote = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if wrote < 0 && errno == EINTR { continue }
            guard wrote > 0 else {
                throw TransferError.writeFailed(path: partial, errno: errno)
            }
            offset += wrote
        }
    }

    /// Closes the file and gives it its real name.
    func commit() throws {
        close(descriptor)
        descriptor = -1
        guard rename(partial, path) == 0 else {
            throw TransferError.cannotRename(from: partial, to: path, errno: errno)
        }
    }

    /// Closes and removes the partial file, unless committed.
    func discard() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
        unlink(partial)
    }
}
