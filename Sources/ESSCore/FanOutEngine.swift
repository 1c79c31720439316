import ClusterModel
import Foundation
import SSH

/// Runs one piece of work per node over SSH, `parallel` nodes at once, each on its own OS thread
/// (never Swift's small concurrency pool), each with its own connect and command timeouts, so one
/// slow or dead node never holds up the rest. A progress line counts nodes as they finish.
struct FanOutEngine: Sendable {
    let access: NodeAccess
    let parallel: Int
    let sink: any ProgressSink
    /// The verb in the progress line ("run", "put", "sync").
    let label: String

    /// Connects to every node and calls `body` with the connection; a thrown error becomes that node's failure.
    func each(_ nodes: [Node], _ body: @escaping @Sendable (Node, SSHConnection) throws -> NodeOutcome) -> [NodeOutcome] {
        let counter = DoneCounter(total: nodes.count)
        let started = Date()
        let label = self.label
        let sink = self.sink
        let ticker = ProgressTicker(every: 0.25) {
            let (done, failed) = counter.snapshot
            sink.progress("\(label): \(done)/\(counter.total) done, \(failed) failed (\(Int(Date().timeIntervalSince(started))) s)")
        }
        let access = self.access
        let outcomes = FanOut.map(nodes, parallel: parallel) { node -> NodeOutcome in
            var outcome: NodeOutcome
            do {
                let connection: SSHConnection
                do {
                    connection = try access.connect(node)
                } catch {
                    outcome = NodeOutcome(nodeID: node.id, error: access.describe(error))
                    outcome.unreachable = true
                    counter.finished(failed: true)
                    return outcome
                }
                defer { connection.close() }
                outcome = try body(node, connection)
            } catch {
                outcome = NodeOutcome(nodeID: node.id, error: access.describe(error))
            }
            counter.finished(failed: outcome.failed)
            return outcome
        }
        ticker.stop()
        sink.endProgress()
        return outcomes
    }
}

/// Nodes finished so far, counted from many threads.
private final class DoneCounter: @unchecked Sendable {
    let total: Int
    private let lock = NSLock()
    private var done = 0
    private var failed = 0

    init(total: Int) { self.total = total }

    func finished(failed didFail: Bool) {
        lock.withLock {
            done += 1
            if didFail { failed += 1 }
        }
    }

    var snapshot: (Int, Int) { lock.withLock { (done, failed) } }
}
