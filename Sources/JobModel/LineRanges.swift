/// Cuts one object of `size` bytes into pieces aligned to lines, as Hadoop's TextInputFormat
/// does: the nominal ranges start at 0, N, 2N, … below `size`, and the piece of the range
/// [s, s+N) is [a, b), a the first line start at or after s (0 for s = 0), b the first line start
/// at or after s+N (or `size`). A line starts at 0 and after each `\n` (a `\r` before it stays
/// with its line), so a piece holds exactly the lines that start inside its nominal range, and
/// the pieces in order are the object, every byte once. A line longer than a range leaves the
/// ranges it covers empty (length 0); an empty object is one empty piece, so an object makes
/// max(1, ⌈size / N⌉) pieces.
///
/// Bytes are read only to find line starts, through `read`, a small read at a time; each
/// boundary is found once (a piece's end is the next one's start).
public struct LineRanges: Sendable, Equatable {
    /// The first read when looking for a line start; each further read doubles, up to `maxRead`.
    public static let firstRead = 64 * 1024
    static let maxRead = 4 * 1024 * 1024

    public let size: Int64
    public let rangeBytes: Int64
    /// The next nominal range's start.
    public private(set) var nominal: Int64
    /// Where the next piece begins, once known (the last piece's end).
    private var start: Int64?
    private var madeAny = false

    /// The cutter of an object at the nominal range starting at `nominal` (a multiple of
    /// `rangeBytes`, as a cursor stored it).
    public init(size: Int64, rangeBytes: Int64, from nominal: Int64 = 0) {
        self.size = max(0, size)
        self.rangeBytes = max(1, rangeBytes)
        self.nominal = max(0, nominal)
    }

    /// Whether every piece is made.
    public var isDone: Bool { nominal >= size && (madeAny || nominal > 0) }

    /// The next piece, or nil once every piece is made. `read(offset, count)` gives the object's
    /// bytes `offset ..< offset + count` (fewer at its end).
    public mutating func next(read: (Int64, Int) throws -> [UInt8]) rethrows -> Range<Int64>? {
        guard !isDone else { return nil }
        let low = try start ?? Self.lineStart(atOrAfter: nominal, size: size, read: read)
        let high: Int64
        if rangeBytes >= size - nominal {
            high = size
            nominal = size
        } else {
            nominal += rangeBytes
            // No line starts between the last boundary's nominal start and `low`: when `low` is
            // past this one too, it is this one's answer.
            high = low >= nominal ? low : try Self.lineStart(atOrAfter: nominal, size: size, read: read)
        }
        start = high
        madeAny = true
        return low..<high
    }

    /// The first line start at or after `offset` in an object of `size` bytes: 0 for 0, `size`
    /// when no line starts in [offset, size). Reads from `offset - 1` (a line starts at `offset`
    /// when the byte before it is `\n`), widening while no `\n` is found.
    public static func lineStart(
        atOrAfter offset: Int64, size: Int64, firstRead: Int = firstRead, read: (Int64, Int) throws -> [UInt8]
    ) rethrows -> Int64 {
        guard offset > 0 else { return 0 }
        guard offset < size else { return size }
        var position = offset - 1
        var count = max(1, firstRead)
        while position < size {
            let bytes = try read(position, Int(min(Int64(count), size - position)))
            guard !bytes.isEmpty else { return size }
            if let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) {
                return min(size, position + Int64(newline) + 1)
            }
            position += Int64(bytes.count)
            count = min(count * 2, maxRead)
        }
        return size
    }

    /// Every piece of `bytes` cut at nominal multiples of `rangeBytes`.
    public static func pieces(of bytes: [UInt8], rangeBytes: Int64) -> [Range<Int64>] {
        var cutter = LineRanges(size: Int64(bytes.count), rangeBytes: rangeBytes)
        var pieces: [Range<Int64>] = []
        while let piece = cutter.next(read: { offset, count in
            Array(bytes[Int(offset)..<min(bytes.count, Int(offset) + count)])
        }) {
            pieces.append(piece)
        }
        return pieces
    }
}
