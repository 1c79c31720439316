import Foundation
import Platform

/// Runs blocking work (SQLite, waiting for execution threads to end, HTTP attempts under way)
/// on a thread of its own and awaits its result, so that Swift's two-thread concurrency pool and
/// the event loops never block.
enum OffPool {
    static func run<T: Sendable>(_ name: String, _ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                ThreadRole.name(name)
                continuation.resume(returning: work())
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }
}
