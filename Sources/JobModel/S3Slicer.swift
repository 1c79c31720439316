/// `s3` inputs: the objects under a bucket and prefix, `perSlice` whole objects a slice, or with
/// `splitBytes` each object cut into line-aligned byte ranges (`LineRanges`), one a slice. The
/// worker fetches each `ObjectPiece` itself; `{input}` is the objects' `s3://bucket/key` URLs
/// joined by a space (with `splitBytes`, the one object's URL; `perSlice` does not apply).
///
/// Which objects:
/// - A URL whose key is empty or ends in `/` is a prefix: every object under it.
/// - A URL whose key is exactly an object's key (byte for byte) is that one object; `match`
///   does not apply to it.
/// - Otherwise the key is a prefix as S3 treats it: `s3://b/logs/2026-12-01` takes
///   `logs/2026-12-01/a.gz`, and also `logs/2026-12-01.gz` and `logs/2026-12-010/b.gz`; end the
///   URL with `/` for the folder alone.
/// - `match` is a glob (`GlobPattern`: `*`, `?`, `[…]`; a wildcard never matches a leading `.`).
///   Without `/` it is matched against each object's name, the key after its last `/`, at any
///   depth: `*.gz` takes `a.gz` and `sub/b.gz`. With `/` it is matched component by component
///   against the rest of the key after the prefix (a `/` right after a prefix that does not end
///   in one is dropped), and only as deep as it is: `*/*.gz` takes `sub/b.gz`, not `a.gz` nor
///   `sub/deeper/c.gz`.
/// - Folders are left out: keys ending in `/` (whatever their size), and zero-byte objects
///   named `…_$folder$` or whose key followed by `/` begins another key. Other zero-byte objects
///   are data: each is a slice (an empty piece with `splitBytes`).
///
/// Listing is lazy: a page of `pageSize` keys at a time, only when a slice needs the next
/// object, each after the last key seen. The cursor's `lastPath` is the last key all of whose
/// slices are made and `offset` the next range's nominal start in the object after it, so a
/// slicer built from any cursor it reported makes the same slices the first would have made.
public struct S3Slicer: Slicer {
    public let location: S3Location
    public let input: S3Input
    public private(set) var cursor: SlicerCursor
    let lister: any ObjectLister
    private var selection: S3Selection
    /// With `splitBytes`: the object being cut, when some of its pieces are made.
    private var cutting: (object: ListedObject, ranges: LineRanges)?

    /// The slicer of `input` at `location` (its URL with variables filled in), from `cursor`.
    public init(location: S3Location, input: S3Input, lister: any ObjectLister, cursor: SlicerCursor = SlicerCursor(), pageSize: Int = 1000) {
        self.location = location
        self.input = input
        self.lister = lister
        self.cursor = cursor
        selection = S3Selection(location: location, match: input.match, lister: lister, after: cursor.lastPath, pageSize: pageSize)
    }

    public mutating func next(max: Int) throws -> [SliceInput] {
        var made: [SliceInput] = []
        while !cursor.finished, made.count < Swift.max(1, max) {
            let next = try input.splitBytes.map { try nextRange(rangeBytes: $0) } ?? nextObjects()
            guard let pieces = next else {
                cursor.finished = true
                break
            }
            let urls = pieces.map { $0.location.description }
            made.append(SliceInput(index: cursor.nextIndex, values: ["input": urls.joined(separator: " ")], objects: pieces))
            cursor.nextIndex += 1
        }
        // Finished as soon as the page in hand shows nothing more, without listing for it.
        if !cursor.finished, cutting == nil, try selection.peek(mayList: false) == .end { cursor.finished = true }
        return made
    }

    /// The next `perSlice` whole objects; nil when none is left.
    private mutating func nextObjects() throws -> [ObjectPiece]? {
        var pieces: [ObjectPiece] = []
        while pieces.count < Swift.max(1, input.perSlice), case .object(let object) = try selection.peek(mayList: true) {
            selection.take()
            pieces.append(ObjectPiece(bucket: location.bucket, key: object.key))
        }
        guard let last = pieces.last else { return nil }
        cursor.lastPath = last.key
        return pieces
    }

    /// The next range of the object being cut, or of the next object; nil when none is left.
    private mutating func nextRange(rangeBytes: Int64) throws -> [ObjectPiece]? {
        while true {
            if cutting == nil {
                guard case .object(let object) = try selection.peek(mayList: true) else { return nil }
                selection.take()
                cutting = (object, LineRanges(size: object.size, rangeBytes: rangeBytes, from: cursor.offset ?? 0))
            }
            guard let (object, cut) = cutting else { return nil }
            var ranges = cut
            let bucket = location.bucket, key = object.key, lister = lister
            let range = try ranges.next { offset, count in try lister.read(bucket: bucket, key: key, offset: offset, count: count) }
            if ranges.isDone {
                cutting = nil
                cursor.lastPath = key
                cursor.offset = nil
            } else {
                cutting = (object, ranges)
                cursor.offset = ranges.nominal
            }
            // A cursor's offset past a changed object's end leaves nothing of it to make.
            guard let range else { continue }
            return [ObjectPiece(bucket: bucket, key: object.key, offset: range.lowerBound, length: range.upperBound - range.lowerBound)]
        }
    }
}
