import Foundation
import SSH

/// Every command of one worker goes through here on its way to the mux, so that a node allowing
/// fewer sessions per connection than the worker has slots (OpenSSH's `MaxSessions`, 10 by
/// default) queues the extra commands instead of failing them. The first refused channel sets the
/// limit to one less than the channels open at that moment, keeping the last one for `urgent`
/// commands (ending a slice, which must not wait for the slices it ends); the refused command
/// waits at the head of the queue. A refusal with no channel open is the command's failure.
final class ChannelGate: @unchecked Sendable {
    typealias Finish = @Sendable (ChannelMux.Outcome) -> Void

    private struct Waiting {
        var command: ChannelMux.Command
        var urgent: Bool
        var finish: Finish
    }

    private let mux: ChannelMux
    private let lock = NSLock()
    private var open = 0
    /// Channels at once for ordinary commands; nil until the node refused one.
    private var limit: Int?
    private var waiting: [Waiting] = []

    init(mux: ChannelMux) {
        self.mux = mux
    }

    /// Channels at once the gate allows ordinary commands since the node refused one.
    var learnedLimit: Int? { lock.withLock { limit } }

    /// Submits now if there is room, else queues (urgent commands before the others).
    func submit(_ command: ChannelMux.Command, urgent: Bool = false, finish: @escaping Finish) {
        let entry = Waiting(command: command, urgent: urgent, finish: finish)
        let now: Bool = lock.withLock {
            if (urgent || waiting.isEmpty) && admits(urgent) {
                open += 1
                return true
            }
            enqueue(entry, first: false)
            return false
        }
        if now { send(entry) }
    }

    private func admits(_ urgent: Bool) -> Bool {
        guard let limit else { return true }
        return open < limit + (urgent ? 1 : 0)
    }

    /// Urgent entries go after the urgent ones already waiting; `first` puts one at the very head.
    private func enqueue(_ entry: Waiting, first: Bool) {
        let at = first ? 0 : entry.urgent ? (waiting.firstIndex { !$0.urgent } ?? waiting.count) : waiting.count
        waiting.insert(entry, at: at)
    }

    private func send(_ entry: Waiting) {
        mux.submit(entry.command) { [self] outcome in
            let again: Bool = lock.withLock {
                open -= 1
                guard outcome.refused, open > 0 else { return false }
                limit = max(1, min(limit ?? .max, open - 1))
                enqueue(entry, first: true)
                return true
            }
            if !again { entry.finish(outcome) }
            drain()
        }
    }

    /// Sends queued commands, in order, while there is room.
    private func drain() {
        while true {
            let next: Waiting? = lock.withLock {
                guard let head = waiting.first, admits(head.urgent) else { return nil }
                open += 1
                return waiting.removeFirst()
            }
            guard let next else { return }
            send(next)
        }
    }
}
