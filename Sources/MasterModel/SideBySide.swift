/// Whether a new execution of a job may start while another execution of that job has not
/// ended. Every call that starts an execution of a stored job says which it wants: Teraslice's
/// native `_start` refuses (one active execution per job, as Teraslice has it); the dialects
/// allow it (Xplenty's users run one package for several days' folders at once, Agave's submit
/// one app many times), and each execution then runs with its own slices, outputs, history,
/// progress and notifications.
public enum SideBySide: Sendable, Equatable {
    /// Refused (a conflict naming the execution that is still active).
    case refused
    /// Started beside the active ones.
    case allowed
}
