import JobModel

/// How the master reaches its object store: made when a job first needs it (S3 inputs or
/// outputs), from the same credential chain the ec2 provider uses. A master configured with no
/// way to reach one (the tests of other parts) answers `ObjectStoreError.noCredentials`.
public struct ObjectStoreSource: Sendable {
    let make: @Sendable () throws -> any ObjectStore

    public init(_ make: @escaping @Sendable () throws -> any ObjectStore) {
        self.make = make
    }

    /// The store, or why there is none.
    public func store() throws -> any ObjectStore { try make() }

    /// No object store: every S3 job is refused with `noCredentials`.
    public static let none = ObjectStoreSource {
        throw ObjectStoreError(kind: .noCredentials, operation: "setup", location: "", message: "this master has no object store configured")
    }
}
