import Foundation
import Hummingbird

/// The routes the server has, as path patterns with their methods, so that a known path asked
/// with another method is answered 405 (the router alone would say 404).
final class RouteTable: Sendable {
    struct Entry: Sendable {
        let method: String
        let segments: [Substring]
    }

    private let lock = NSLock()
    nonisolated(unsafe) private var entries: [Entry] = []

    func add(_ method: HTTPRequest.Method, _ pattern: String) {
        let entry = Entry(method: method.rawValue, segments: pattern.split(separator: "/"))
        lock.withLock { entries.append(entry) }
    }

    /// Every route as its method and pattern (`GET /v1/jobs/:id`), in the order added.
    var routes: [(method: String, pattern: String)] {
        lock.withLock { entries }.map { ($0.method, "/" + $0.segments.joined(separator: "/")) }
    }

    /// The methods routes matching `path` take.
    func methods(for path: String) -> [String] {
        let segments = path.split(separator: "/")
        let all = lock.withLock { entries }
        let matching = all.filter { entry in
            entry.segments.count == segments.count
                && zip(entry.segments, segments).allSatisfy { pattern, given in pattern.hasPrefix(":") || pattern == given }
        }
        var seen: [String] = []
        for entry in matching where !seen.contains(entry.method) { seen.append(entry.method) }
        return seen
    }
}
