/// One page of a ListObjectsV2 answer, in key order. The next page starts after the last key
/// (`start-after`), so a caller's position is a key it can store, not a continuation token.
public struct S3ListPage: Sendable, Equatable {
    /// One object: its key, size in bytes and ETag (without S3's quotes).
    public struct Object: Sendable, Equatable {
        public var key: String
        public var size: Int64
        public var etag: String

        public init(key: String, size: Int64, etag: String) {
            self.key = key
            self.size = size
            self.etag = etag
        }
    }

    public var objects: [Object]
    /// More keys follow the last of this page.
    public var isTruncated: Bool

    public init(objects: [Object], isTruncated: Bool) {
        self.objects = objects
        self.isTruncated = isTruncated
    }
}
