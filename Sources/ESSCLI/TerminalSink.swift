import ESSCore
import Foundation

/// Progress on stderr: a line redrawn in place on a terminal, plain lines otherwise
/// (printed only when the counts change, so logs stay short).
final class TerminalSink: ProgressSink, @unchecked Sendable {
    private let lock = NSLock()
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private let quiet: Bool
    private var drawn = false
    private var lastPlain = ""

    init(quiet: Bool) {
        self.quiet = quiet
    }

    func note(_ line: String) {
        guard !quiet else { return }
        lock.withLock {
            write((drawn ? "\r\u{1B}[K" : "") + line + "\n")
            drawn = false
        }
    }

    func progress(_ line: String) {
        guard !quiet else { return }
        lock.withLock {
            if isTerminal {
                write("\r\u{1B}[K" + line)
                drawn = true
            } else {
                let counts = line.replacingOccurrences(of: #" \(\d+ s\)$"#, with: "", options: .regularExpression)
                if counts != lastPlain {
                    lastPlain = counts
                    write(line + "\n")
                }
            }
        }
    }

    func endProgress() {
        lock.withLock {
            if drawn { write("\r\u{1B}[K") }
            drawn = false
        }
    }

    /// Runs `body` (which writes output lines) with the progress line cleared first and no redraw in between; the next
    /// tick draws it again below the new lines.
    func clearingProgress(_ body: () -> Void) {
        lock.withLock {
            if drawn { write("\r\u{1B}[K") }
            drawn = false
            body()
        }
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
