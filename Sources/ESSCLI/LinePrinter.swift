import ESSCore
import Foundation
import SSH

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes `ess cluster run`'s live output: each line as `<node id> | <line>`, the ids padded to one width (as pdsh
/// does), stdout lines to stdout and stderr lines to stderr. A piece of a line cut for being too long is marked
/// `<node id> + <rest>`.
///
/// The lines of one call go out in one `write(2)` and never mid-line between nodes, and straight away (no buffering, so
/// a pipe sees each line as it comes); the progress line, if any, is cleared first.
final class LinePrinter: LineSink, @unchecked Sendable {
    private let terminal: TerminalSink
    private let lock = NSLock()
    private var width = 0

    init(terminal: TerminalSink) {
        self.terminal = terminal
    }

    /// Whether a progress line can share the terminal with live output: not when stdout is a pipe or socket, whose
    /// reader (`| cat`, `| less`) may print to the same terminal behind our back.
    static var progressFits: Bool {
        guard isatty(STDERR_FILENO) == 1 else { return false }
        var info = stat()
        guard fstat(STDOUT_FILENO, &info) == 0 else { return false }
        let kind = info.st_mode & S_IFMT
        return kind != S_IFIFO && kind != S_IFSOCK
    }

    func begin(_ nodeIDs: [String]) {
        lock.withLock { width = nodeIDs.map(\.count).max() ?? 0 }
    }

    func write(_ lines: [LineSplitter.Line], node: String, stream: ExecStream) {
        let pad = lock.withLock { max(0, width - node.count) }
        let start = Data((node + String(repeating: " ", count: pad) + " | ").utf8)
        let goesOn = Data((node + String(repeating: " ", count: pad) + " + ").utf8)
        var text = Data()
        for line in lines {
            text += line.isContinuation ? goesOn : start
            text += line.bytes
            text.append(UInt8(ascii: "\n"))
        }
        let descriptor = stream == .stdout ? STDOUT_FILENO : STDERR_FILENO
        terminal.clearingProgress { Self.writeAll(text, to: descriptor) }
    }

    /// Writes every byte, retrying short writes and interruptions; gives up quietly if the reader has gone.
    private static func writeAll(_ data: Data, to descriptor: Int32) {
        data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let wrote = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if wrote < 0 && errno == EINTR { continue }
                if wrote < 0 && errno == EAGAIN {  // a non-blocking descriptor inherited from the caller: wait, not spin
                    var ready = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&ready, 1, 1000)
                    continue
                }
                guard wrote > 0 else { return }
                offset += wrote
            }
        }
    }
}
