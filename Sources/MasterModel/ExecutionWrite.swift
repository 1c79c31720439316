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

/// A slice's new state and what is known of its attempt (the schedule's `SliceUpdate`), with
/// when it changed and, when it completed, where its output is: what the store writes.
@dynamicMemberLookup
public struct SliceChange: Sendable, Equatable {
    public var update: SliceUpdate
    public var at: Date
    /// Where the output of a slice that completed with this change was appended; nil otherwise.
    public var output: OutputPlace?

    public init(_ update: SliceUpdate, at: Date, output: OutputPlace? = nil) {
        self.update = update
        self.at = at
        self.output = output
    }

    public init(index: Int64, state: SliceState, attempts: Int, worker: String?, exitCode: Int32? = nil, error: String? = nil, stderrTail: String? = nil, at: Date) {
        self.init(SliceUpdate(index: index, state: state, attempts: attempts, worker: worker, exitCode: exitCode, error: error, stderrTail: stderrTail), at: at)
    }

    public subscript<T>(dynamicMember field: KeyPath<SliceUpdate, T>) -> T { update[keyPath: field] }
}
