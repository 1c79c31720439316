import Foundation
import JobModel

/// Everything that changed in one execution since the last write, stored in one transaction:
/// a status and its history, the counts, the slicer's cursor, new slices and slice changes.
/// The controller gathers these and writes them in batches, so bookkeeping never bounds the
/// slice rate.
public struct ExecutionWrite: Sendable {
    public var exID: Int64
    public var status: ExecutionStatus?
    public var failureReason: String?
    public var counts: SliceCounts?
    public var cursor: SlicerCursor?
    public var history: [HistoryLine] = []
    public var newSlices: [SliceInput] = []
    public var sliceChanges: [SliceChange] = []

    public init(exID: Int64) {
        self.exID = exID
    }

    public var isEmpty: Bool {
        status == nil && failureReason == nil && counts == nil && cursor == nil && history.isEmpty && newSlices.isEmpty && sliceChanges.isEmpty
    }
}

/// A history line to add.
public struct HistoryLine: Sendable, Equatable {
    public var status: ExecutionStatus
    public var description: String
    public var progress: Double?
    public var at: Date

    public init(status: ExecutionStatus, description: String, progress: Double? = nil, at: Date) {
        self.status = status
        self.description = description
        self.progress = progress
        self.at = at
    }
}

/// A slice's new state, and what is known of its attempt.
public struct SliceChange: Sendable, Equatable {
    public var index: Int64
    public var state: SliceState
    public var attempts: Int
    public var worker: String?
    public var exitCode: Int32?
    public var error: String?
    public var stderrTail: String?
    public var at: Date

    public init(index: Int64, state: SliceState, attempts: Int, worker: String?, exitCode: Int32? = nil, error: String? = nil, stderrTail: String? = nil, at: Date) {
        self.index = index
        self.state = state
        self.attempts = attempts
        self.worker = worker
        self.exitCode = exitCode
        self.error = error
        self.stderrTail = stderrTail
        self.at = at
    }
}
