/// A job as stored: what to run, over which inputs, with which limits. Made only by
/// `JobSpecParser`, so every value here has been checked.
public struct JobSpec: Sendable, Equatable, Codable {
    public var name: String
    /// Run by `/bin/sh -c` on the worker, after placeholders are substituted.
    public var command: String
    /// `{NAME}` placeholders' values; `--var NAME=VALUE` at run time overrides them.
    public var variables: [String: String]
    public var inputs: JobInputs
    /// Retries per slice after its first attempt, on another worker where there is one.
    public var retries: Int
    /// Seconds a slice may run; nil: no limit.
    public var sliceTimeout: Double?
    /// Slices at once per worker; nil: the worker's cpus.
    public var slots: Int?
    /// How many of the cluster's nodes to use; nil: all.
    public var workers: Int?
    /// Use only this reservation's nodes.
    public var reservation: String?
    /// How many failed slices end the execution early; nil: no limit.
    public var maxFailures: Int?
    public var output: JobOutput

    public static let defaultRetries = 2
}

/// Where a job's slices come from.
public enum JobInputs: Sendable, Equatable, Codable {
    /// Paths or globs on the master; one slice per file, streamed to the worker as standard input.
    case files(patterns: [String])
    /// A text file on the master, `perSlice` lines a slice, given as standard input.
    case lines(path: String, perSlice: Int)
    /// Integers from `start` to `end` inclusive, `perSlice` a slice: `{start}` `{end}`.
    case range(start: Int64, end: Int64, perSlice: Int64)
    /// Explicit values, one a slice: `{input}`.
    case list(values: [String])
    /// A glob evaluated on every worker; each file it matches is a slice run on its worker.
    case remote(pattern: String)
    /// Objects in S3, fetched by the workers themselves: `{input}` is each object's URL.
    case s3(S3Input)

    /// The spec's name for this kind.
    public var kind: String {
        switch self {
        case .files: return "files"
        case .lines: return "lines"
        case .range: return "range"
        case .list: return "list"
        case .remote: return "remote"
        case .s3: return "s3"
        }
    }

    /// How many slices the input makes, when the spec alone tells (a list, a range); nil for
    /// inputs found on disk.
    public var knownSliceCount: Int? {
        switch self {
        case .list(let values): return values.count
        case .range(let start, let end, let perSlice):
            guard perSlice > 0, end >= start else { return nil }
            let (span, overflow) = (end - start).addingReportingOverflow(1)
            return overflow ? nil : Int((span - 1) / perSlice + 1)
        case .files, .lines, .remote, .s3: return nil
        }
    }

    /// The placeholders this kind of input gives each slice.
    public var placeholders: Set<String> {
        switch self {
        case .range: return ["start", "end"]
        case .files, .lines, .list, .remote, .s3: return ["input"]
        }
    }
}

/// What is kept of each slice.
public enum JobOutput: Sendable, Equatable, Hashable {
    /// The slice's standard output, committed under the execution's folder on the master.
    case stdout
    /// The file the command writes at `{output}` on the worker, fetched to the master.
    case file
    /// Nothing.
    case none
    /// The slice's standard output as the object `part-NNNNNN` under an S3 prefix, put there by
    /// the worker itself; the URL as the spec writes it (variables substituted at start).
    case s3(url: String)

    /// The spec's word for the kinds kept on the master; nil for `s3`.
    public var word: String? {
        switch self {
        case .stdout: return "stdout"
        case .file: return "file"
        case .none: return "none"
        case .s3: return nil
        }
    }

    /// The kinds written as one word.
    public init?(word: String) {
        switch word {
        case "stdout": self = .stdout
        case "file": self = .file
        case "none": self = .none
        default: return nil
        }
    }

    /// Whether the master keeps the slices' outputs on its own disk.
    public var keptOnMaster: Bool { self == .stdout || self == .file }
}

extension JobOutput: Codable {
    /// A word (`"stdout"`), or `{"s3": URL}`, as in a spec.
    public init(from decoder: any Decoder) throws {
        if let word = try? decoder.singleValueContainer().decode(String.self) {
            guard let output = JobOutput(word: word) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown output `\(word)`"))
            }
            self = output
            return
        }
        let object = try decoder.container(keyedBy: Key.self)
        self = .s3(url: try object.decode(String.self, forKey: .s3))
    }

    public func encode(to encoder: any Encoder) throws {
        if case .s3(let url) = self {
            var object = encoder.container(keyedBy: Key.self)
            try object.encode(url, forKey: .s3)
        } else {
            var single = encoder.singleValueContainer()
            try single.encode(word!)
        }
    }

    private enum Key: String, CodingKey { case s3 }
}

extension JobSpec {
    /// Whether the workers fetch or put S3 objects themselves (with `curl`).
    public var usesS3: Bool {
        if case .s3 = inputs { return true }
        if case .s3 = output { return true }
        return false
    }
}
