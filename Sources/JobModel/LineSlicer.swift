/// Reads bytes of one file at an offset (a file on the master in production, bytes in memory in
/// tests).
public protocol ByteSource {
    /// Up to `count` bytes from `offset`; fewer only at the end of the file.
    func read(at offset: Int64, count: Int) throws -> [UInt8]
}

/// `lines` inputs: `perSlice` lines of a text file a slice, each slice a byte range of the file
/// streamed as standard input. Reads the file in 256 KiB blocks and keeps none of it.
public struct LineSlicer<Source: ByteSource>: Slicer {
    public let path: String
    public let perSlice: Int
    let source: Source
    public private(set) var cursor: SlicerCursor
    let blockSize: Int

    public init(path: String, perSlice: Int, source: Source, cursor: SlicerCursor = SlicerCursor(), blockSize: Int = 256 * 1024) {
        self.path = path
        self.perSlice = max(1, perSlice)
        self.source = source
        self.cursor = cursor
        self.blockSize = max(1, blockSize)
    }

    public mutating func next(max: Int) throws -> [SliceInput] {
        var made: [SliceInput] = []
        while !cursor.finished, made.count < Swift.max(1, max) {
            let start = cursor.offset ?? 0
            let (end, lines) = try scan(from: start)
            guard lines > 0 else {
                cursor.finished = true
                break
            }
            made.append(SliceInput(
                index: cursor.nextIndex, values: ["input": path],
                stdin: ByteRange(path: path, offset: start, length: end - start)))
            cursor.nextIndex += 1
            cursor.offset = end
        }
        return made
    }

    /// From `start`, the offset just past `perSlice` lines (or the end of the file) and how many
    /// lines that is; a last line without a newline counts.
    private func scan(from start: Int64) throws -> (Int64, Int) {
        var offset = start
        var lineEnd = start
        var lines = 0
        while true {
            let block = try source.read(at: offset, count: blockSize)
            if block.isEmpty {
                return (offset, lines + (offset > lineEnd ? 1 : 0))
            }
            for (index, byte) in block.enumerated() where byte == UInt8(ascii: "\n") {
                lines += 1
                lineEnd = offset + Int64(index) + 1
                if lines == perSlice { return (lineEnd, lines) }
            }
            offset += Int64(block.count)
        }
    }
}
