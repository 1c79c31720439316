/// The objects an `s3` input takes, in key order: its listing without folders, and, under a
/// prefix, only the keys `match` takes. See `S3Slicer` for the rules.
struct S3Selection {
    private enum Scope {
        /// The URL names this one object.
        case object
        /// The URL's key is a prefix.
        case prefix
    }

    let key: String
    private var listing: S3Listing
    private let match: [GlobPattern]?
    /// Nil until the first object decides it (a URL's key that does not end in `/`).
    private var scope: Scope?
    private var done = false

    /// The selection after `after` (a key a cursor stored), listing `pageSize` keys a page.
    init(location: S3Location, match: String?, lister: any ObjectLister, after: String?, pageSize: Int) {
        key = location.key
        listing = S3Listing(lister: lister, bucket: location.bucket, prefix: location.key, after: after, pageSize: pageSize)
        self.match = match.map { $0.split(separator: "/", omittingEmptySubsequences: false).map { GlobPattern(String($0)) } }
        if key.isEmpty || key.hasSuffix("/") { scope = .prefix }
    }

    /// The next object taken, without going past it; `.unlisted` only when it cannot be known
    /// without listing and `mayList` is false.
    mutating func peek(mayList: Bool) throws -> S3Listing.Peek {
        guard !done else { return .end }
        while true {
            let next = try listing.peek(mayList: mayList)
            guard case .object(let object) = next else { return next }
            switch try isFolder(object, mayList: mayList) {
            case nil: return .unlisted
            case true?:
                listing.take()
                continue
            case false?: break
            }
            if scope == nil { scope = Self.same(object.key, key) ? .object : .prefix }
            if scope == .object || takes(object.key) { return .object(object) }
            listing.take()
        }
    }

    /// Goes past the object `peek` gave.
    mutating func take() {
        listing.take()
        if scope == .object { done = true }
    }

    /// Whether an object is a folder, not data: a key ending in `/` (a folder marker, whatever
    /// its size), or a zero-byte object named `…_$folder$` (Hadoop's marker) or whose key and `/`
    /// begin the next key (a folder made without the slash). Nil when that needs a page not
    /// listed yet.
    private mutating func isFolder(_ object: ListedObject, mayList: Bool) throws -> Bool? {
        if object.key.hasSuffix("/") { return true }
        guard object.size == 0 else { return false }
        if object.key.hasSuffix("_$folder$") { return true }
        switch try listing.peek(1, mayList: mayList) {
        case .unlisted: return nil
        case .end: return false
        case .object(let following): return following.key.utf8.starts(with: (object.key + "/").utf8)
        }
    }

    /// Whether `match` takes a key under the prefix. A pattern without `/` is matched against
    /// the object's name (its key after the last `/`) at any depth; one with `/` against the
    /// rest of the key after the prefix (a `/` just after a prefix that does not end in one
    /// dropped), component by component, as many components as the pattern has.
    private func takes(_ objectKey: String) -> Bool {
        guard let match else { return true }
        if match.count == 1 { return match[0].matches(Self.components(objectKey.utf8).last ?? "") }
        let components = Self.components(objectKey.utf8.dropFirst(key.utf8.count))
        let relative = components.first == "" && !key.isEmpty && !key.hasSuffix("/") ? Array(components.dropFirst()) : components
        return relative.count == match.count && zip(match, relative).allSatisfy { $0.matches($1) }
    }

    private static func components(_ bytes: some Collection<UInt8>) -> [String] {
        bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Keys are equal as S3 compares them: byte for byte (Swift's `==` would take two spellings
    /// of `é` as one).
    static func same(_ one: String, _ other: String) -> Bool {
        one.utf8.elementsEqual(other.utf8)
    }
}
