import JobModel

/// A job spec as users write it (the README's format): the same keys `JobSpecParser` reads, so
/// a document from the API can be edited and submitted again.
public struct SpecDocument: Codable, Sendable, Equatable {
    public var name: String
    public var command: String
    public var variables: [String: String]
    public var inputs: InputsDocument
    public var retries: Int
    public var slice_timeout: Double?
    public var slots: Int?
    public var workers: Int?
    public var reservation: String?
    public var max_failures: Int?
    public var output: JobOutput

    public init(_ spec: JobSpec) {
        name = spec.name
        command = spec.command
        variables = spec.variables
        inputs = InputsDocument(spec.inputs)
        retries = spec.retries
        slice_timeout = spec.sliceTimeout
        slots = spec.slots
        workers = spec.workers
        reservation = spec.reservation
        max_failures = spec.maxFailures
        output = spec.output
    }
}

/// `inputs` with exactly one kind present, as in a spec.
public struct InputsDocument: Codable, Sendable, Equatable {
    public struct Lines: Codable, Sendable, Equatable {
        public var path: String
        public var per_slice: Int
    }

    public struct Range: Codable, Sendable, Equatable {
        public var start: Int64
        public var end: Int64
        public var per_slice: Int64
    }

    public struct S3: Codable, Sendable, Equatable {
        public var url: String
        public var match: String?
        public var per_slice: Int
        public var split_bytes: Int64?
    }

    public var files: [String]?
    public var lines: Lines?
    public var range: Range?
    public var list: [String]?
    public var remote: String?
    public var s3: S3?

    public init(_ inputs: JobInputs) {
        switch inputs {
        case .files(let patterns): files = patterns
        case .lines(let path, let perSlice): lines = Lines(path: path, per_slice: perSlice)
        case .range(let start, let end, let perSlice): range = Range(start: start, end: end, per_slice: perSlice)
        case .list(let values): list = values
        case .remote(let pattern): remote = pattern
        case .s3(let input): s3 = S3(url: input.url, match: input.match, per_slice: input.perSlice, split_bytes: input.splitBytes)
        }
    }
}
