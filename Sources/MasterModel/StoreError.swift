/// Why the store refused or failed, as facts; the CLI and the server word them.
public enum StoreError: Error, Sendable, Equatable {
    /// The database has migrations this build does not know.
    case newerSchema(path: String, unknown: [String])
    /// The file is not a database ess can use (corrupt, not SQLite, unreadable).
    case unusable(path: String, reason: String)
    /// No job, execution, cluster or notification with that id.
    case notFound(kind: String, id: Int64)
    /// The request conflicts with the record's state (delete a running job, say).
    case conflict(String)
}
