/// The objects under a prefix in key order, listed a page at a time only when looked at, each
/// page after the last key seen (ListObjectsV2's `start-after`, never a continuation token, so a
/// position is just a key). Holds at most a page and the object or two looked at before it.
struct S3Listing {
    /// What is next in the listing.
    enum Peek: Equatable {
        case object(ListedObject)
        /// Nothing more under the prefix.
        case end
        /// The next page is not listed yet (only when listing was not allowed).
        case unlisted
    }

    let lister: any ObjectLister
    let bucket: String
    let prefix: String
    let pageSize: Int
    private var buffer: ArraySlice<ListedObject> = []
    private var lastSeen: String?
    private var more = true

    /// The listing of the keys under `prefix` after `after` (nil: from the first).
    init(lister: any ObjectLister, bucket: String, prefix: String, after: String?, pageSize: Int) {
        self.lister = lister
        self.bucket = bucket
        self.prefix = prefix
        self.pageSize = max(1, pageSize)
        lastSeen = after
    }

    /// The object `ahead` places on (0: the next), listing further pages if `mayList`.
    mutating func peek(_ ahead: Int = 0, mayList: Bool) throws -> Peek {
        while buffer.count <= ahead {
            guard more else { return .end }
            guard mayList else { return .unlisted }
            let page = try lister.list(bucket: bucket, prefix: prefix, startAfter: lastSeen, maxKeys: pageSize)
            guard let last = page.objects.last else {
                if page.truncated { throw S3ListingError.emptyPage(bucket: bucket, prefix: prefix, after: lastSeen) }
                more = false
                return .end
            }
            buffer = ArraySlice(Array(buffer) + page.objects)
            lastSeen = last.key
            more = page.truncated
        }
        return .object(buffer[buffer.startIndex + ahead])
    }

    /// Goes past the next object (one `peek` has shown).
    mutating func take() {
        buffer.removeFirst()
    }
}

/// A listing that cannot go on.
public enum S3ListingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The store answered a page with no keys that says more follow: listing after the same key
    /// again would never end.
    case emptyPage(bucket: String, prefix: String, after: String?)

    public var description: String {
        switch self {
        case .emptyPage(let bucket, let prefix, let after):
            return "listing s3://\(bucket)/\(prefix) after \(after.map { "`\($0)`" } ?? "the start") gave an empty page marked truncated; S3 should not do that, so check the endpoint"
        }
    }
}
