import Foundation
import Platform

/// Runs blocking per-node work (SSH connections) on dedicated OS threads, a bounded number at a time.
///
/// libssh2 calls block, and Swift's concurrency pool may have as few threads as cores, so that work never runs on it.
public enum FanOut {
    /// Runs `body` for every item on its own OS thread (never the Swift concurrency pool), at most `parallel` at once, and returns results in input order.
    ///
    /// Blocks the calling thread until every item is done; `parallel` below 1 counts as 1.
    public static func map<T: Sendable, R: Sendable>(
        _ items: [T], parallel: Int, _ body: @escaping @Sendable (T) -> R
    ) -> [R] {
        guard !items.isEmpty else { return [] }
        let slots = DispatchSemaphore(value: max(1, parallel))
        let finished = DispatchGroup()
        let results = ResultSlots<R>(count: items.count)
        for (index, item) in items.enumerated() {
            slots.wait()
            finished.enter()
            let thread = Thread {
                ThreadRole.name("ess-fanout-\(index)")
                results.store(body(item), at: index)
                slots.signal()
                finished.leave()
            }
            thread.start()
        }
        finished.wait()
        return results.values()
    }
}

/// Result slots filled from many threads, read once all are done.
private final class ResultSlots<R: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [R?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func store(_ value: R, at index: Int) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    func values() -> [R] {
        lock.lock()
        defer { lock.unlock() }
        return slots.map { $0! }
    }
}
