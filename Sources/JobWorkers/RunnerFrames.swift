import Foundation

/// Reads a slot runner's standard output (`WorkerScripts.runner`): for each slice, a marker line
/// with its process group, its output, a marker, the tail of its standard error (only when it
/// failed), and a marker with its exit code. A marker is `\n<token> <tag>[ <value>]\n`; the
/// newline before it is the marker's, so output that does not end with one is kept exact. The
/// token is random per runner, so a slice's own bytes cannot pass for one.
///
/// Pure: bytes in, events out, in order, whatever the chunking.
struct RunnerFrames {
    enum Event: Equatable {
        /// The slice's command started as process group `group`.
        case started(group: Int32)
        /// Bytes of the slice's output.
        case output([UInt8])
        /// Its output is over (what follows, up to `exited`, is its standard error's tail).
        case outputEnded
        /// Bytes of the tail of its standard error.
        case stderr([UInt8])
        /// It ended with this code (a signal shows as 128 + its number).
        case exited(code: Int32)
        /// A line the runner should not have written: the stream cannot be trusted from here.
        case garbled(String)
    }

    private enum Section { case between, output, stderr }

    private let needle: [UInt8]
    private var held: [UInt8] = []
    private var section = Section.between

    init(token: String) {
        needle = Array(("\n" + token + " ").utf8)
    }

    /// Takes the next bytes and returns what they complete.
    mutating func feed(_ bytes: UnsafeRawBufferPointer) -> [Event] {
        held.append(contentsOf: bytes)
        var events: [Event] = []
        var start = 0
        while true {
            guard let at = find(needle, in: held, from: start) else {
                // Everything but a possible beginning of the next marker is content.
                let keep = max(start, held.count - (needle.count - 1))
                emit(held[start..<keep], into: &events)
                start = keep
                break
            }
            emit(held[start..<at], into: &events)
            let lineStart = at + needle.count
            guard let end = held[lineStart...].firstIndex(of: UInt8(ascii: "\n")) else {
                start = at
                break
            }
            events.append(marker(String(decoding: held[lineStart..<end], as: UTF8.self)))
            start = end + 1
        }
        held.removeFirst(start)
        return events
    }

    private func emit(_ bytes: ArraySlice<UInt8>, into events: inout [Event]) {
        guard !bytes.isEmpty else { return }
        switch section {
        case .between: break
        case .output: events.append(.output(Array(bytes)))
        case .stderr: events.append(.stderr(Array(bytes)))
        }
    }

    private mutating func marker(_ line: String) -> Event {
        let fields = line.split(separator: " ")
        switch (fields.first, fields.count) {
        case ("s", 2):
            guard let group = Int32(fields[1]) else { break }
            section = .output
            return .started(group: group)
        case ("o", 1):
            section = .stderr
            return .outputEnded
        case ("x", 2):
            guard let code = Int32(fields[1]) else { break }
            section = .between
            return .exited(code: code)
        default: break
        }
        return .garbled(line)
    }

    /// Where `needle` first occurs in `haystack` at or after `from`.
    private func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard let first = needle.first else { return nil }
        var at = from
        while haystack.count - at >= needle.count {
            guard let candidate = haystack[at...].firstIndex(of: first), haystack.count - candidate >= needle.count else { return nil }
            if haystack[candidate..<(candidate + needle.count)].elementsEqual(needle) { return candidate }
            at = candidate + 1
        }
        return nil
    }
}
