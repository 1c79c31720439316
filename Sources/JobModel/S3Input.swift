/// An `s3` input: the objects under a bucket and prefix (or one object) whose rest of key
/// `match` matches, `perSlice` objects a slice, each fetched by the worker itself and streamed
/// into the command's standard input; or, with `splitBytes`, each object cut into ranges of
/// about that many bytes aligned to lines, one slice each.
public struct S3Input: Sendable, Equatable, Codable {
    /// The URL as the spec writes it: `{NAME}` variables are substituted when an execution starts.
    public var url: String
    /// A glob on the rest of each key after the prefix; nil: every object.
    public var match: String?
    public var perSlice: Int
    public var splitBytes: Int64?

    public init(url: String, match: String? = nil, perSlice: Int = 1, splitBytes: Int64? = nil) {
        self.url = url
        self.match = match
        self.perSlice = perSlice
        self.splitBytes = splitBytes
    }
}

/// A run of bytes of one S3 object a slice streams to its command, fetched by the worker.
public struct ObjectPiece: Sendable, Equatable, Codable {
    public var bucket: String
    public var key: String
    /// The first byte; 0 for a whole object.
    public var offset: Int64
    /// How many bytes; nil: the whole object (to its end). 0: nothing to fetch.
    public var length: Int64?

    public init(bucket: String, key: String, offset: Int64 = 0, length: Int64? = nil) {
        self.bucket = bucket
        self.key = key
        self.offset = offset
        self.length = length
    }

    public var location: S3Location { S3Location(bucket: bucket, key: key) }
}
