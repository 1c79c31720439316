import Foundation

/// Cuts a byte stream, arriving in chunks split anywhere, into lines: a pure value, no I/O.
///
/// A line ends at `\n`; a `\r` just before it is dropped (CRLF). Bytes are passed through as they are (invalid UTF-8,
/// NUL, escapes), never decoded. A line longer than `limit` bytes is handed out in pieces of at most `limit` bytes, cut
/// before a UTF-8 sequence rather than inside it, so memory stays bounded whatever a node prints; the pieces after the
/// first are marked `isContinuation`. What is left when the stream ends comes out of `finish()`. The result depends
/// only on the bytes, never on where the chunks were split.
public struct LineSplitter: Sendable {
    /// One line, or one piece of a line longer than the limit, without its line ending.
    public struct Line: Sendable, Equatable {
        public var bytes: Data
        /// True when this piece continues a line that was cut because it was too long.
        public var isContinuation: Bool

        public init(_ bytes: Data, isContinuation: Bool = false) {
            self.bytes = bytes
            self.isContinuation = isContinuation
        }
    }

    /// The longest piece handed out, in bytes.
    public let limit: Int
    /// The line so far, not yet ended.
    private var pending: [UInt8] = []
    /// Whether the line in `pending` was already cut at least once.
    private var cut = false

    public init(limit: Int = 64 * 1024) {
        self.limit = max(4, limit)
    }

    /// The lines (and pieces of long lines) that `chunk` completes.
    public mutating func split(_ chunk: UnsafeRawBufferPointer) -> [Line] {
        var lines: [Line] = []
        let bytes = chunk.bindMemory(to: UInt8.self)
        var start = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n"))
            pending.append(contentsOf: bytes[start..<(end ?? bytes.count)])
            cutLongLine(into: &lines)
            guard let end else { break }
            if pending.last == UInt8(ascii: "\r") { pending.removeLast() }
            endLine(into: &lines)
            start = end + 1
        }
        return lines
    }

    /// `split` for bytes held in `Data`.
    public mutating func split(_ chunk: Data) -> [Line] {
        chunk.withUnsafeBytes { split($0) }
    }

    /// The last line when the stream ended without a newline (a final `\r` dropped), or nothing.
    public mutating func finish() -> [Line] {
        if pending.last == UInt8(ascii: "\r") { pending.removeLast() }
        guard !pending.isEmpty else {
            cut = false
            return []
        }
        var lines: [Line] = []
        endLine(into: &lines)
        return lines
    }

    private mutating func endLine(into lines: inout [Line]) {
        lines.append(Line(Data(pending), isContinuation: cut))
        pending.removeAll(keepingCapacity: true)
        cut = false
    }

    /// Hands out `limit`-byte pieces while the line certainly goes on past them. A `\r` at the very end may still turn
    /// out to be half of a CRLF, so it does not count yet.
    private mutating func cutLongLine(into lines: inout [Line]) {
        while pending.count - (pending.last == UInt8(ascii: "\r") ? 1 : 0) > limit {
            let at = boundary(before: limit)
            lines.append(Line(Data(pending[..<at]), isContinuation: cut))
            pending.removeFirst(at)
            cut = true
        }
    }

    /// `index`, moved back to the start of the UTF-8 sequence it falls inside, if it falls inside a valid-looking one.
    private func boundary(before index: Int) -> Int {
        var at = index
        while at > index - 3, pending[at] & 0xC0 == 0x80 { at -= 1 }
        // Only a lead byte of a sequence long enough to reach `index` justifies the shorter piece.
        let lead = pending[at]
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        return at < index && at + length > index && lead >= 0xC0 ? at : index
    }
}
