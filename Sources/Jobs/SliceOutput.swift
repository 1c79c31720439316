import Foundation

/// One attempt's standard output on the master while its slice runs: kept in memory, and past
/// `memoryLimit` bytes in an unnamed temporary file of `spillFolder` (made with `mkstemp` and
/// unlinked at once, so nothing of it outlives the master). The controller appends it whole to
/// a segment (`OutputSegments`) when the slice completes and drops it when it does not.
///
/// Written from one thread at a time (the worker's), read once the slice has finished; the lock
/// makes that hand-over safe whatever the threads.
public final class SliceOutput: @unchecked Sendable, Equatable {
    private let spillFolder: String
    private let memoryLimit: Int
    private let lock = NSLock()
    private var memory: [UInt8] = []
    private var spill: Int32 = -1
    private var spilled: Int64 = 0

    public init(spillFolder: String = NSTemporaryDirectory(), memoryLimit: Int = 1 << 20) {
        self.spillFolder = spillFolder
        self.memoryLimit = memoryLimit
    }

    deinit { if spill >= 0 { _ = Foundation.close(spill) } }

    public static func == (lhs: SliceOutput, rhs: SliceOutput) -> Bool { lhs === rhs }

    /// How many bytes it holds.
    public var count: Int64 { lock.withLock { Int64(memory.count) + spilled } }

    /// Keeps every byte; nil, or the failure in words.
    public func write(_ bytes: UnsafeRawBufferPointer) -> String? {
        lock.withLock {
            if spill < 0, memory.count + bytes.count <= memoryLimit {
                memory.append(contentsOf: bytes)
                return nil
            }
            do {
                if spill < 0 { try openSpill() }
                try Self.writeAll(spill, bytes)
                spilled += Int64(bytes.count)
                return nil
            } catch {
                return "cannot keep the slice's output: \(error)"
            }
        }
    }

    /// Forgets what it holds (the attempt's output starts over).
    public func reset() {
        lock.withLock {
            memory = []
            if spill >= 0 { _ = Foundation.close(spill) }
            spill = -1
            spilled = 0
        }
    }

    /// Writes everything it holds to `descriptor`, in order.
    public func copy(to descriptor: Int32) throws {
        try lock.withLock {
            try memory.withUnsafeBytes { try Self.writeAll(descriptor, $0) }
            try eachSpilledChunk { try Self.writeAll(descriptor, $0) }
        }
    }

    /// The spilled bytes, a chunk at a time, in order (under the lock).
    private func eachSpilledChunk(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard spill >= 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var at: Int64 = 0
        while at < spilled {
            let got = buffer.withUnsafeMutableBytes { pread(spill, $0.baseAddress, $0.count, off_t(at)) }
            if got < 0, errno == EINTR { continue }
            guard got > 0 else { throw POSIXError(POSIXErrorCode(rawValue: got < 0 ? errno : EIO) ?? .EIO) }
            try buffer.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[..<got])) }
            at += Int64(got)
        }
    }

    /// Everything it holds, in order.
    public func bytes() throws -> Data {
        try lock.withLock {
            var data = Data(memory)
            try eachSpilledChunk { data.append(contentsOf: $0) }
            return data
        }
    }

    private func openSpill() throws {
        var template = Array((spillFolder as NSString).appendingPathComponent(".spill-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        spill = descriptor
        try memory.withUnsafeBytes { try Self.writeAll(spill, $0) }
        spilled = Int64(memory.count)
        memory = []
    }

    /// Writes every byte of `bytes` to `descriptor`.
    static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) throws {
        guard var next = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            let wrote = Foundation.write(descriptor, next, left)
            if wrote < 0 {
                if errno == EINTR { continue }
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            }
            left -= wrote
            next += wrote
        }
    }
}
