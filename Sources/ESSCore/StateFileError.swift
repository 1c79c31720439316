import ClusterModel
import Platform

/// Why the cluster file (`.conf/reservation.json`) cannot be used, as facts. Nothing was written.
public enum StateFileError: Error, Sendable, Equatable {
    /// The file is a symbolic link; it is replaced atomically, so links are not followed.
    case symbolicLink(path: String)
    /// Reading it failed; `reason` is the system's.
    case unreadable(path: String, reason: String)
    /// It does not parse or validate.
    case invalid(path: String, problem: StateProblem)
    /// Another process holds the directory's lock.
    case locked(FileLock.Busy)
}
