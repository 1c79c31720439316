import Foundation
import JobModel

/// A stored job: a checked spec (JSON) under a small integer id.
public struct Job: Sendable, Equatable {
    public var id: Int64?
    public var name: String
    public var spec: String
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: Int64?, name: String, spec: String, createdAt: Date, updatedAt: Date) {
        (self.id, self.name, self.spec, self.createdAt, self.updatedAt) = (id, name, spec, createdAt, updatedAt)
    }

    /// The spec, decoded.
    public func decodedSpec() throws -> JobSpec { try JSONDecoder().decode(JobSpec.self, from: Data(spec.utf8)) }
}
