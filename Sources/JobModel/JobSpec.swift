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

    /// The spec's name for this kind.
    public var kind: String {
        switch self {
        case .files: return "files"
        case .lines: return "lines"
        case .range: return "range"
        case .list: return "list"
        case .remote: return "remote"
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
        case .files, .lines, .remote: return nil
        }
    }

    /// The placeholders this kind of input gives each slice.
    public var placeholders: Set<String> {
        switch self {
        case .range: return ["start", "end"]
        case .files, .lines, .list, .remote: return ["input"]
        }
    }
}

/// What is kept of each slice.
public enum JobOutput: String, Sendable, Equatable, Codable {
    /// The slice's standard output, committed under the execution's folder on the master.
    case stdout
    /// The file the command writes at `{output}` on the worker, fetched to the master.
    case file
    /// Nothing.
    case none
}
