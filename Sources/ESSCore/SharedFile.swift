import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A local file opened once for reading by many threads at once: each reads its own chunks with
/// `pread` at its own offset, so nothing is held whole and no reader waits for another.
final class SharedFile: @unchecked Sendable {
    /// The size of the chunks `chunks()` hands out: enough to fill an SSH window quickly, small enough
    /// that 64 nodes in flight stay within a few MB.
    static let chunkSize = 128 * 1024

    let path: String
    let size: Int
    private let descriptor: Int32

    /// Opens a regular file, or throws the `TransferError` saying what is wrong with the path.
    init(path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw TransferError.cannotOpen(path: path, errno: errno)
        }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw TransferError.notRegularFile(path: path)
        }
        self.path = path
        self.size = Int(info.st_size)
        descriptor = fd
    }

    deinit { close(descriptor) }

    /// A reader for one node: each call returns the next chunk, nil at the end of the file.
    func chunks() -> () throws -> Data? {
        var offset = 0
        return { [self] in
            guard offset < size else { return nil }
            var chunk = Data(count: min(Self.chunkSize, size - offset))
            let count = chunk.count
            let got = chunk.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, count, off_t(offset)) }
            guard got > 0 else {
                throw TransferError.readFailed(path: path, offset: offset, errno: got < 0 ? errno : nil)
            }
            if got < count { chunk.removeSubrange(got...) }
            offset += got
            return chunk
        }
    }
}
