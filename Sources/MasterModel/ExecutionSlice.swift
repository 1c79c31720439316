import Foundation
import JobModel

/// One slice of an execution, as stored: its input (JSON), its state and what is known of its
/// last attempt.
public struct ExecutionSlice: Sendable, Equatable {
    public var exID: Int64
    public var index: Int64
    public var state: SliceState
    public var input: String
    public var attempts: Int
    public var worker: String?
    public var exitCode: Int32?
    public var error: String?
    public var stderrTail: String?
    public var startedAt: Date?
    public var endedAt: Date?

    public init(
        exID: Int64, index: Int64, state: SliceState, input: String, attempts: Int, worker: String?, exitCode: Int32?, error: String?,
        stderrTail: String?, startedAt: Date?, endedAt: Date?
    ) {
        (self.exID, self.index, self.state, self.input, self.attempts, self.worker) = (exID, index, state, input, attempts, worker)
        (self.exitCode, self.error, self.stderrTail, self.startedAt, self.endedAt) = (exitCode, error, stderrTail, startedAt, endedAt)
    }

    public func decodedInput() throws -> SliceInput { try JSONDecoder().decode(SliceInput.self, from: Data(input.utf8)) }
}
