import Foundation
import SSH

/// Every command of one worker goes through here on its way to the mux, so that a node allowing
/// fewer sessions per connection than the worker has slots (OpenSSH's `MaxSessions`, 10 by
/// default) queues the extra commands instead of failing them. The first refused channel sets the
/// limit to one less than the channels open at that moment, keeping the last one for `urgent`
/// commands (ending a slice, which must not wait for the slices it ends); the refused command
/// waits at the head of the queue. A refusal with no channel open is the command's failure.
///
/// Once the limit is known, a refusal of a command sent within it is transient (sshd frees a
/// closed channel's session a moment after the client sees it close): the limit stays, and the
/// queue is tried again after 0.1 s, doubling to 2 s while the node keeps refusing, so that it
/// moves even when every channel left open is a long slice.
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
    private var retryScheduled = false
    private var retryDelay = ChannelGate.firstRetryDelay
    static let firstRetryDelay = 0.1

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
        let withinLimit = lock.withLock { limit != nil }
        mux.submit(entry.command) { [self] outcome in
            let (again, transient): (Bool, Bool) = lock.withLock {
                open -= 1
                if !outcome.refused { retryDelay = Self.firstRetryDelay }
                guard outcome.refused, withinLimit || open > 0 else { return (false, false) }
                if !withinLimit { limit = max(1, min(limit ?? .max, open - 1)) }
                enqueue(entry, first: true)
                return (true, withinLimit)
            }
            if !again { entry.finish(outcome) }
            if transient { retryLater() } else { drain() }
        }
    }

    /// Tries the queue again after the retry delay (one retry pending at a time).
    private func retryLater() {
        let delay: Double? = lock.withLock {
            guard !retryScheduled else { return nil }
            retryScheduled = true
            defer { retryDelay = min(retryDelay * 2, 2) }
            return retryDelay
        }
        guard let delay else { return }
        DispatchQueue.global().asyncAfter(deadline: .now() + delay) { [self] in
            lock.withLock { retryScheduled = false }
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
