import Foundation
import Hummingbird

/// Answers made from the store, kept while the master's revision stays the same, so that a
/// client polling a job (many pollers, many times a second) is answered from memory without
/// a trip to the store, a decode of the spec and an encode of the document. An entry made
/// at revision `r` is served only while the revision is still `r` (see `JobMaster.revision`), so
/// an answer is never older than one made afresh when the request arrived.
final class DocumentCache: @unchecked Sendable {
    private struct Entry {
        let revision: UInt64
        let response: Response
    }

    /// The master's revision now.
    private let revision: @Sendable () -> UInt64
    private let capacity: Int
    private let lock = NSLock()
    /// Guarded by `lock`.
    private var entries: [String: Entry] = [:]

    init(revision: @escaping @Sendable () -> UInt64, capacity: Int = 512) {
        self.revision = revision
        self.capacity = capacity
    }

    /// The answer kept for `key` if still current; otherwise `make()` on the master's
    /// blocking queue, kept for the next request when it succeeded with 200.
    func answer(_ key: String, make: @escaping @Sendable () throws -> Response) async throws -> Response {
        let now = revision()
        if let kept = lock.withLock({ entries[key] }), kept.revision == now { return kept.response }
        let (seen, response) = try await Blocking.run { (self.revision(), try make()) }
        guard response.status == .ok else { return response }
        lock.withLock {
            if entries.count >= capacity { entries = entries.filter { $0.value.revision == seen } }
            if entries.count < capacity { entries[key] = Entry(revision: seen, response: response) }
        }
        return response
    }
}
