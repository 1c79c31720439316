import Foundation

/// A slice's output file on the master, created or truncated when opened, written as bytes
/// arrive. Not thread-safe: one slice's bytes come from one thread at a time.
struct OutputFile {
    private var descriptor: Int32 = -1

    /// Creates or truncates `path` (closing any file opened before).
    mutating func open(_ path: String) throws {
        close()
        descriptor = Foundation.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path, NSUnderlyingErrorKey: POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)])
        }
    }

    /// Writes every byte; nil, or the failure in words. Without an open file, the bytes are dropped.
    func write(_ bytes: UnsafeRawBufferPointer) -> String? {
        guard descriptor >= 0, var next = bytes.baseAddress else { return nil }
        var left = bytes.count
        while left > 0 {
            let wrote = Foundation.write(descriptor, next, left)
            if wrote < 0 {
                if errno == EINTR { continue }
                return "cannot write the slice's output: \(String(cString: strerror(errno)))"
            }
            left -= wrote
            next += wrote
        }
        return nil
    }

    mutating func close() {
        if descriptor >= 0 { _ = Foundation.close(descriptor) }
        descriptor = -1
    }
}
