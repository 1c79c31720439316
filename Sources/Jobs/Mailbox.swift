import Foundation

/// A queue of messages for one thread: any thread posts, the owner takes, waiting up to a
/// deadline. The controller's only way in, so its state is touched by its own thread alone.
final class Mailbox<Message: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var messages: [Message] = []
    private var head = 0

    private var closed = false

    /// Adds a message; false once the mailbox is closed (its owner is gone).
    @discardableResult
    func post(_ message: Message) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !closed else { return false }
        messages.append(message)
        condition.signal()
        return true
    }

    /// Refuses every later message and hands back the ones not taken.
    func close() -> [Message] {
        condition.lock()
        defer { condition.unlock() }
        closed = true
        let rest = Array(messages[head...])
        messages = []
        head = 0
        return rest
    }

    /// The next message, or nil once `deadline` passes with none (nil: wait as long as it takes).
    func take(until deadline: Date?) -> Message? {
        condition.lock()
        defer { condition.unlock() }
        while head == messages.count {
            // Foundation on Linux traps on a far-future deadline (distantFuture), so "no deadline" waits plainly.
            guard let deadline else {
                condition.wait()
                continue
            }
            if !condition.wait(until: deadline) { return nil }
        }
        let message = messages[head]
        head += 1
        if head > 1024, head * 2 > messages.count {
            messages.removeFirst(head)
            head = 0
        }
        return message
    }
}
