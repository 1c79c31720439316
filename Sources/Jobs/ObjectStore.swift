import JobModel

/// The master's object store for `s3` inputs and outputs (S3, or moto_server in the tests):
/// listings and small reads for the slicer, presigned URLs for the workers (who hold no
/// credentials), and the commits of outputs. Calls block: the controllers call it on their own
/// threads. Failures are `ObjectStoreError`s.
public protocol ObjectStore: ObjectLister, Sendable {
    /// A GET URL for `location`, signed for `expires` seconds (SigV4 query signing).
    func presignedGET(_ location: S3Location, expires: Int) -> String
    /// A PUT URL for `location`, signed for `expires` seconds.
    func presignedPUT(_ location: S3Location, expires: Int) -> String
    /// Copies an object within S3 (CopyObject): the commit of a slice's output.
    func copy(from source: S3Location, to target: S3Location) throws
    /// Deletes an object; one that is not there is no error.
    func delete(_ location: S3Location) throws
    /// Puts a small object (a probe, a manifest).
    func put(_ bytes: [UInt8], at location: S3Location, contentType: String) throws
    /// Whether the bucket is there and may be used (HeadBucket).
    func checkBucket(_ bucket: String) throws
}

/// Why an object store call failed, as a fact: the kind the master acts on, S3's code and
/// message, the operation and the `s3://` location (never a presigned URL).
public struct ObjectStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        case noSuchBucket
        case noSuchKey
        case accessDenied
        /// No credentials were found for the master (the chain the ec2 provider uses).
        case noCredentials
        /// The store could not be reached, or answered something else.
        case other
    }

    public var kind: Kind
    public var operation: String
    public var location: String
    /// S3's error code (`NoSuchBucket`, `SlowDown`, …), empty when there was no answer.
    public var code: String
    public var message: String
    public var httpStatus: Int?

    public init(kind: Kind, operation: String, location: String, code: String = "", message: String, httpStatus: Int? = nil) {
        self.kind = kind
        self.operation = operation
        self.location = location
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
    }

    public var description: String {
        let status = httpStatus.map { " (HTTP \($0))" } ?? ""
        let code = self.code.isEmpty ? "" : "\(self.code): "
        return "S3 \(operation) \(location) failed: \(code)\(message)\(status)"
    }
}
