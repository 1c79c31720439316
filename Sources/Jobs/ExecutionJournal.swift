import Foundation
import JobModel
import MasterModel
import JobStore

/// Every store call of one execution's controller, in one place: what it reads as it starts
/// (the execution, its slices by state), pages of stored pending slices, the in-flight slices
/// it requeues after a restart, and its changes, gathered into one `ExecutionWrite` and written
/// in one transaction when the controller flushes (within `flushDelay`, or at once when the
/// batch is big). Its batch is touched by the controller's thread alone.
final class ExecutionJournal {
    let store: ExecutionStore
    let exID: Int64
    /// The longest an unwritten change waits for its batch.
    let flushDelay: TimeInterval
    private var write: ExecutionWrite
    private var unflushed = 0
    /// When the batch must be written at the latest; nil while nothing waits.
    private(set) var flushBy: Date?
    /// Changes in a batch that is written without waiting.
    static let batchLimit = 512

    init(store: ExecutionStore, exID: Int64, flushDelay: TimeInterval) {
        self.store = store
        self.exID = exID
        self.flushDelay = flushDelay
        write = ExecutionWrite(exID: exID)
    }

    func execution() throws -> Execution {
        try store.execution(exID)
    }

    /// The execution's slices by state as stored, with the retries so far.
    func storedCounts(retried: Int) throws -> SliceCounts {
        let stored = try store.sliceCounts(of: exID)
        return SliceCounts(
            queued: stored[.pending] ?? 0, inFlight: stored[.start] ?? 0, completed: stored[.completed] ?? 0,
            failed: stored[.error] ?? 0, retried: retried)
    }

    /// Up to `limit` stored pending slices with an index after `after`, and the last index read
    /// (nil when none was left; a page the store cannot read ends the backlog).
    func pendingSlices(after: Int64, limit: Int, measure: (SliceInput) -> Int64?) -> (slices: [SliceWork], through: Int64?) {
        let page = (try? store.slices(of: exID, in: [.pending], after: after, limit: limit)) ?? []
        let slices = page.compactMap { record in
            (try? record.decodedInput()).map { SliceWork(input: $0, inputBytes: measure($0), attempts: record.attempts, lastWorker: record.worker) }
        }
        return (slices, page.last?.index)
    }

    /// Puts the slices stored as in flight back to pending, their attempt not counted.
    func requeueInFlight(at now: Date) throws {
        try store.requeueInFlight(of: exID, at: now)
    }

    func record(status: ExecutionStatus, description: String, failureReason: String?, at now: Date) {
        write.status = status
        write.history.append(HistoryLine(status: status, description: description, at: now))
        if let failureReason { write.failureReason = failureReason }
        changed(at: now)
    }

    func note(status: ExecutionStatus, description: String, progress: Double?, at now: Date) {
        write.history.append(HistoryLine(status: status, description: description, progress: progress, at: now))
        changed(at: now)
    }

    func newSlices(_ made: [SliceInput], at now: Date) {
        write.newSlices += made
        changed(at: now)
    }

    func slice(_ update: SliceUpdate, output: OutputPlace?, at now: Date) {
        write.sliceChanges.append(SliceChange(update, at: now, output: output))
        changed(at: now)
    }

    /// The batch is big enough to write without waiting.
    var isFull: Bool { unflushed >= Self.batchLimit }

    /// Writes the batch, with the execution's counts and slicer cursor, in one transaction.
    func flush(counts: SliceCounts, cursor: SlicerCursor?, at now: Date) throws {
        flushBy = nil
        unflushed = 0
        write.counts = counts
        if let cursor { write.cursor = cursor }
        let batch = write
        write = ExecutionWrite(exID: exID)
        try store.apply(batch, at: now)
    }

    private func changed(at now: Date) {
        unflushed += 1
        if flushBy == nil { flushBy = now.addingTimeInterval(flushDelay) }
    }
}
