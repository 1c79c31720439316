import Foundation
import Logging

/// Every line a `Logger` writes, as `message key=value …` (metadata sorted), for tests that
/// check what a library logs and what it never does.
public final class LogCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var written: [String] = []

    public init() {}

    /// A logger at `trace` whose every line lands here.
    public var logger: Logger {
        Logger(label: "test.capture") { _ in Handler(capture: self) }
    }

    public var lines: [String] { lock.withLock { written } }

    fileprivate func append(_ line: String) {
        lock.withLock { written.append(line) }
    }

    private struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            let pairs = all.keys.sorted().map { "\($0)=\(all[$0]!)" }
            capture.append(([event.message.description] + pairs).joined(separator: " "))
        }
    }
}
