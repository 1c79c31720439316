import JobModel

/// Objects in memory listed and read as S3 does (keys in UTF-8 byte order, pages after a key),
/// counting every call so tests can show what a slicer asks for.
final class MemoryBucket: ObjectLister {
    let bucket: String
    /// Keys in S3's order, with their bytes.
    let objects: [(key: String, bytes: [UInt8])]
    private(set) var lists: [(prefix: String, startAfter: String?, maxKeys: Int)] = []
    private(set) var reads: [(key: String, offset: Int64, count: Int)] = []

    /// Keys and their bytes, in any order (a list: two spellings of one Swift `String` are two keys).
    init(bucket: String = "logs", _ objects: [(String, [UInt8])]) {
        self.bucket = bucket
        self.objects = objects.map { (key: $0.0, bytes: $0.1) }.sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
    }

    convenience init(bucket: String = "logs", texts: [String: String]) {
        self.init(bucket: bucket, texts.map { ($0.key, Array($0.value.utf8)) })
    }

    func list(bucket: String, prefix: String, startAfter: String?, maxKeys: Int) throws -> ListingPage {
        precondition(bucket == self.bucket)
        lists.append((prefix, startAfter, maxKeys))
        let after = startAfter.map { Array($0.utf8) }
        let under = objects.filter { object in
            Array(object.key.utf8).starts(with: Array(prefix.utf8)) && (after.map { $0.lexicographicallyPrecedes(Array(object.key.utf8)) } ?? true)
        }
        let page = under.prefix(maxKeys).map { ListedObject(key: $0.key, size: Int64($0.bytes.count), etag: "e") }
        return ListingPage(objects: Array(page), truncated: under.count > maxKeys)
    }

    func read(bucket: String, key: String, offset: Int64, count: Int) throws -> [UInt8] {
        precondition(bucket == self.bucket)
        reads.append((key, offset, count))
        guard let bytes = objects.first(where: { Array($0.key.utf8) == Array(key.utf8) })?.bytes else { throw MissingKey(key: key) }
        let start = min(Int(offset), bytes.count)
        return Array(bytes[start..<min(bytes.count, start + count)])
    }

    /// The bytes a piece names.
    func bytes(of piece: ObjectPiece) -> [UInt8] {
        let bytes = objects.first { Array($0.key.utf8) == Array(piece.key.utf8) }!.bytes
        let start = Int(piece.offset)
        return Array(bytes[start..<(piece.length.map { start + Int($0) } ?? bytes.count)])
    }

    struct MissingKey: Error {
        let key: String
    }
}
