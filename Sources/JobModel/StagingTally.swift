import Foundation

/// Input bytes streamed to the workers: the execution's state machine hears of them as
/// `staged` events, at most every few seconds and once when the last input slice is done, so
/// the history shows staging progress without a record per slice.
struct StagingTally: Sendable {
    /// Input bytes of the slices queued so far (made, or paged in from the store).
    private(set) var queued: Int64 = 0
    /// Input bytes of the slices that completed.
    private(set) var staged: Int64 = 0
    private var noted: Int64 = 0
    private var notedAt: Date?
    static let interval: TimeInterval = 5

    /// Counts a slice's input when it is queued.
    mutating func queue(_ bytes: Int64?) {
        queued += bytes ?? 0
    }

    /// Counts a completed slice's input; says what to report when it is time (`allMade`: no
    /// slice is left to make or to page in, so the total is known).
    mutating func complete(_ bytes: Int64?, allMade: Bool, at now: Date) -> ExecutionEvent? {
        guard let bytes else { return nil }
        staged += bytes
        let last = allMade && staged >= queued
        let due = notedAt.map { now.timeIntervalSince($0) >= Self.interval } ?? true
        guard staged > noted, last || due else { return nil }
        noted = staged
        notedAt = now
        return .staged(bytes: staged, of: allMade ? queued : nil)
    }
}
