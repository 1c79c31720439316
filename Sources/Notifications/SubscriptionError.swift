/// Why a subscription was refused: the field at fault and what is wrong with it (a fact; the
/// server's and the CLI's renderers word it). Nothing is stored.
public struct SubscriptionError: Error, Sendable, Equatable {
    public var field: String
    public var problem: String

    public init(field: String, problem: String) {
        self.field = field
        self.problem = problem
    }
}

/// A subscription whose `job_id` or `cluster_id` names nothing on this master (the request is
/// well formed, but cannot be processed). Nothing is stored.
public struct SubscriptionTargetError: Error, Sendable, Equatable {
    /// `job`, `cluster` or `execution`.
    public var kind: String
    public var id: Int64

    public init(kind: String, id: Int64) {
        self.kind = kind
        self.id = id
    }
}
