import Foundation
import JobModel

/// Input bytes streamed to the workers: the state machine hears of them as `staged` events,
/// at most every few seconds and once when the last input slice is done, so the history shows
/// staging progress without a record per slice.
extension ExecutionController {
    struct StagingTally {
        /// Input bytes of the slices queued so far (made, or paged in from the store).
        var queued: Int64 = 0
        /// Input bytes of the slices that completed.
        var staged: Int64 = 0
        var noted: Int64 = 0
        var notedAt: Date?
        static let interval: TimeInterval = 5
    }

    /// Counts a slice's input when it is queued.
    func queuedInput(_ input: SliceInput) {
        guard let range = input.stdin else { return }
        staging.queued += Self.byteCount(range)
    }

    /// Counts a completed slice's input and tells the state machine when it is time.
    func stagedInput(_ input: SliceInput) {
        guard let range = input.stdin else { return }
        staging.staged += Self.byteCount(range)
        let allMade = life.slicerFinished && backlogAfter == nil
        let last = allMade && staging.staged >= staging.queued
        let due = staging.notedAt.map { now().timeIntervalSince($0) >= StagingTally.interval } ?? true
        guard staging.staged > staging.noted, last || due else { return }
        staging.noted = staging.staged
        staging.notedAt = now()
        perform(life.handle(.staged(bytes: staging.staged, of: allMade ? staging.queued : nil)))
    }

    /// The bytes a range covers; to the end of its file when it has no length.
    static func byteCount(_ range: ByteRange) -> Int64 {
        if let length = range.length { return length }
        var info = stat()
        guard stat(range.path, &info) == 0 else { return 0 }
        return max(0, Int64(info.st_size) - range.offset)
    }
}
