/// A point in monotonic time that a blocking step must not pass; optionally pushed back whenever work progresses.
struct Deadline {
    /// The bound, in seconds, for messages.
    let seconds: Double
    private let sliding: Bool
    private var end: ContinuousClock.Instant

    /// A deadline `seconds` from now; a `sliding` one restarts on `progressed()`, so it bounds a stall rather than the whole.
    init(seconds: Double, sliding: Bool = false) {
        // Non-finite or absurd bounds mean "practically never" (about 30 years), not a crash.
        self.seconds = seconds.isFinite ? min(max(0, seconds), 1e9) : 1e9
        self.sliding = sliding
        self.end = ContinuousClock.now.advanced(by: .milliseconds(Int64(self.seconds * 1000)))
    }

    var expired: Bool { ContinuousClock.now >= end }

    /// Milliseconds left, for poll(); 0 once expired.
    var milliseconds: Int32 {
        let left = end - ContinuousClock.now
        let ms = left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000
        return Int32(clamping: max(0, ms))
    }

    mutating func progressed() {
        if sliding { self = Deadline(seconds: seconds, sliding: true) }
    }

    /// "5 s" or "0.5 s".
    var text: String {
        seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(seconds) s"
    }
}
