import Foundation

/// A one-shot reply slot between a requesting thread and the controller.
final class ReplyBox: @unchecked Sendable {
    private let condition = NSCondition()
    private var value: ControlReply?

    func reply(_ reply: ControlReply) {
        condition.lock()
        value = reply
        condition.signal()
        condition.unlock()
    }

    func wait() -> ControlReply {
        condition.lock()
        defer { condition.unlock() }
        while value == nil { condition.wait() }
        return value!
    }
}
