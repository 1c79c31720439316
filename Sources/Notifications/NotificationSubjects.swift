import Foundation
import MasterModel

/// What the dispatcher asks the master about an event's subject: its document as the API
/// answers it (JSON), and the values of the URL template variables.
public protocol NotificationSubjects: Sendable {
    func describe(_ event: OutboxEvent) -> SubjectFacts
}

/// An event's subject, described.
public struct SubjectFacts: Sendable {
    /// The job's or cluster's API document, JSON; nil when it is gone.
    public var document: Data?
    /// `JOB_ID`, `JOB_NAME`, `CLUSTER_STATUS`, … (the event's own are added by the dispatcher).
    public var variables: [String: String]

    public init(document: Data?, variables: [String: String]) {
        self.document = document
        self.variables = variables
    }
}
