/// One object of a listing: its key, size and ETag (quotes removed).
public struct ListedObject: Sendable, Equatable, Codable {
    public var key: String
    public var size: Int64
    public var etag: String

    public init(key: String, size: Int64, etag: String = "") {
        self.key = key
        self.size = size
        self.etag = etag
    }
}

/// One page of a listing, in key order; `truncated` when more keys follow its last.
public struct ListingPage: Sendable, Equatable {
    public var objects: [ListedObject]
    public var truncated: Bool

    public init(objects: [ListedObject], truncated: Bool) {
        self.objects = objects
        self.truncated = truncated
    }
}

/// What an `s3` slicer needs of an object store: listings a page at a time after a key (S3's
/// ListObjectsV2 with `start-after`), and small reads of byte ranges (to find where lines begin).
/// Calls block; the slicer runs on the execution's own thread.
public protocol ObjectLister {
    /// Up to `maxKeys` objects under `prefix` whose keys sort after `startAfter` (nil: from the first).
    func list(bucket: String, prefix: String, startAfter: String?, maxKeys: Int) throws -> ListingPage
    /// The bytes `offset ..< offset + count` of an object (fewer at its end).
    func read(bucket: String, key: String, offset: Int64, count: Int) throws -> [UInt8]
}
