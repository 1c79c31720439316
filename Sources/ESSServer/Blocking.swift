import Dispatch

/// Runs the master's synchronous calls (SQLite, waiting for a controller's answer) on a
/// dedicated queue, never on a NIO event loop nor on Swift's cooperative pool, and hands the
/// result back to the awaiting request.
enum Blocking {
    static let queue = DispatchQueue(label: "ess.master.calls", qos: .userInitiated, attributes: .concurrent)

    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try work() })
            }
        }
    }
}
