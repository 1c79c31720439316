/// One unit of an execution's work, as a slicer makes it.
public struct SliceInput: Sendable, Equatable, Codable {
    /// The slice's number in its execution, from 0: `{slice}`.
    public var index: Int64
    /// The placeholders this slice gives (`input`, or `start` and `end`).
    public var values: [String: String]
    /// Bytes of a file on the master streamed to the command's standard input.
    public var stdin: ByteRange?
    /// The worker that must run it (a `remote` input's file lives there).
    public var worker: String?
    /// S3 objects (or ranges of one) the worker fetches itself and streams, in order, to the
    /// command's standard input.
    public var objects: [ObjectPiece]?

    public init(index: Int64, values: [String: String], stdin: ByteRange? = nil, worker: String? = nil, objects: [ObjectPiece]? = nil) {
        self.index = index
        self.values = values
        self.stdin = stdin
        self.worker = worker
        self.objects = objects
    }
}

/// A run of bytes of a file on the master; `length` nil means to the end of the file.
public struct ByteRange: Sendable, Equatable, Codable {
    public var path: String
    public var offset: Int64
    public var length: Int64?

    public init(path: String, offset: Int64, length: Int64?) {
        self.path = path
        self.offset = offset
        self.length = length
    }
}

/// Where a slicer stands, stored with the execution so that a restarted master makes the next
/// slice where the last batch ended, and no slice twice.
public struct SlicerCursor: Sendable, Equatable, Codable {
    /// The next slice's index.
    public var nextIndex: Int64
    /// Kind-specific position: a byte offset (`lines`; for `s3` with `split_bytes`, where the
    /// next range starts in the first object after `lastPath`), the last path made (`files`; for
    /// `s3`, the last key all of whose slices are made: listing goes on after it).
    public var offset: Int64?
    public var lastPath: String?
    public var finished: Bool

    public init(nextIndex: Int64 = 0, offset: Int64? = nil, lastPath: String? = nil, finished: Bool = false) {
        self.nextIndex = nextIndex
        self.offset = offset
        self.lastPath = lastPath
        self.finished = finished
    }
}

/// Makes slices lazily, a batch at a time, so a million slices never sit in memory at once.
public protocol Slicer {
    /// Up to `max` more slices; an empty answer only once `cursor.finished` is true.
    mutating func next(max: Int) throws -> [SliceInput]
    var cursor: SlicerCursor { get }
    /// How many slices it makes in all, when that is known before making them (a range, a
    /// list); nil when only the end of the inputs tells (files, lines, remote).
    var expectedTotal: Int64? { get }
}

extension Slicer {
    public var expectedTotal: Int64? { nil }
}
