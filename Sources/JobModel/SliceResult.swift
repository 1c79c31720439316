/// How a slice's run ended, as facts.
public enum SliceResult: Sendable, Equatable {
    /// The command exited with `code` (a signal shows as 128 + its number).
    case exited(code: Int32, stderrTail: String)
    /// It ran past its timeout and was killed.
    case timedOut(seconds: Double, stderrTail: String)
    /// The worker's connection failed: nothing is known of the command.
    case lost(reason: String)
}
