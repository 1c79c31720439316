import Foundation
import JobModel

/// One line of an execution's history, as Agave's job history has them.
public struct HistoryEntry: Sendable, Equatable {
    public var id: Int64?
    public var exID: Int64
    public var createdAt: Date
    public var status: ExecutionStatus
    public var description: String
    public var progress: Double?

    public init(id: Int64?, exID: Int64, createdAt: Date, status: ExecutionStatus, description: String, progress: Double?) {
        (self.id, self.exID, self.createdAt, self.status, self.description, self.progress) = (id, exID, createdAt, status, description, progress)
    }
}
