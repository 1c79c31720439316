import Foundation
import JobModel
import Jobs

/// A byte range of a file on the master, handed out a chunk at a time (read with `pread`, never
/// whole in memory), as a slice's standard input.
final class InputChunks: @unchecked Sendable {
    static let chunkSize = 64 * 1024
    private let file: FileBytes
    private var offset: Int64
    private let end: Int64?

    init(_ range: ByteRange) throws {
        file = try FileBytes(path: range.path)
        offset = range.offset
        end = range.length.map { range.offset + $0 }
    }

    /// The next chunk; nil at the end of the range (or of the file). Called on the mux's thread only.
    func next() throws -> Data? {
        let count = end.map { Int(min(Int64(Self.chunkSize), $0 - offset)) } ?? Self.chunkSize
        guard count > 0 else { return nil }
        // Read straight into the chunk handed to the channel: one copy from the page cache, none after.
        var chunk = Data(count: count)
        let got = try chunk.withUnsafeMutableBytes { try file.read(at: offset, into: $0) }
        guard got > 0 else { return nil }
        if got < count { chunk.removeSubrange(got...) }
        offset += Int64(got)
        return chunk
    }
}
