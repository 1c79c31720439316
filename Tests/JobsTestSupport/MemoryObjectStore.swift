import Foundation
import Jobs
import JobModel

/// An object store in memory for the controller's unit tests: its presigned URLs are
/// `mem://bucket/key?sig=…`, and `worker(fetch:)`/`worker(put:)` do what a worker does with
/// them. It counts copies and can be told to fail the next copies.
public final class MemoryObjectStore: ObjectStore, @unchecked Sendable {
    let lock = NSLock()
    private var objects: [S3Location: [UInt8]] = [:]
    public private(set) var copies = 0
    public private(set) var listings = 0
    /// Copies that fail before one succeeds.
    public var failingCopies = 0

    public init() {}

    public func set(_ text: String, at url: String) {
        guard case .success(let location) = S3Location.parse(url) else { fatalError(url) }
        lock.withLock { objects[location] = Array(text.utf8) }
    }

    public func text(at url: String) -> String? {
        guard case .success(let location) = S3Location.parse(url) else { return nil }
        return lock.withLock { objects[location].map { String(decoding: $0, as: UTF8.self) } }
    }

    /// Every key in a bucket, sorted.
    public func keys(in bucket: String) -> [String] {
        lock.withLock { objects.keys.filter { $0.bucket == bucket }.map(\.key).sorted() }
    }

    public func list(bucket: String, prefix: String, startAfter: String?, maxKeys: Int) throws -> ListingPage {
        let all = lock.withLock { () -> [ListedObject] in
            listings += 1
            return objects.filter { $0.key.bucket == bucket && $0.key.key.hasPrefix(prefix) && $0.key.key > (startAfter ?? "") }
                .map { ListedObject(key: $0.key.key, size: Int64($0.value.count), etag: "e\($0.value.count)") }
                .sorted { $0.key < $1.key }
        }
        return ListingPage(objects: Array(all.prefix(maxKeys)), truncated: all.count > maxKeys)
    }

    public func read(bucket: String, key: String, offset: Int64, count: Int) throws -> [UInt8] {
        let bytes = try object(S3Location(bucket: bucket, key: key), operation: "GetObject")
        let start = min(bytes.count, Int(offset))
        return Array(bytes[start..<min(bytes.count, start + count)])
    }

    public func presignedGET(_ location: S3Location, expires: Int) -> String { "mem://\(location.bucket)/\(location.key)?sig=secret" }

    public func presignedPUT(_ location: S3Location, expires: Int) -> String { "mem://\(location.bucket)/\(location.key)?sig=secret" }

    public func copy(from source: S3Location, to target: S3Location) throws {
        let failing = lock.withLock { () -> Bool in
            copies += 1
            guard failingCopies > 0 else { return false }
            failingCopies -= 1
            return true
        }
        if failing { throw ObjectStoreError(kind: .other, operation: "CopyObject", location: "\(source)", code: "InternalError", message: "try again", httpStatus: 500) }
        let bytes = try object(source, operation: "CopyObject")
        lock.withLock { objects[target] = bytes }
    }

    public func delete(_ location: S3Location) throws {
        _ = lock.withLock { objects.removeValue(forKey: location) }
    }

    public func put(_ bytes: [UInt8], at location: S3Location, contentType: String) throws {
        lock.withLock { objects[location] = bytes }
    }

    public func checkBucket(_ bucket: String) throws {}

    private func object(_ location: S3Location, operation: String) throws -> [UInt8] {
        guard let bytes = lock.withLock({ objects[location] }) else {
            throw ObjectStoreError(kind: .noSuchKey, operation: operation, location: "\(location)", code: "NoSuchKey", message: "no such key", httpStatus: 404)
        }
        return bytes
    }

    /// What a worker's fetches stream to its command.
    public func worker(fetch run: SliceRun) throws -> String {
        var text = ""
        for fetch in run.fetches {
            let bytes = try object(Self.location(fetch.url), operation: "GetObject")
            let start = Int(fetch.offset)
            let end = fetch.length.map { start + Int($0) } ?? bytes.count
            text += String(decoding: bytes[start..<end], as: UTF8.self)
        }
        return text
    }

    /// What a worker's upload puts.
    public func worker(put text: String, _ run: SliceRun) {
        guard let upload = run.upload else { return }
        lock.withLock { objects[Self.location(upload.url)] = Array(text.utf8) }
    }

    static func location(_ url: String) -> S3Location {
        let path = url.dropFirst("mem://".count).prefix { $0 != "?" }
        let bucket = String(path.prefix { $0 != "/" })
        return S3Location(bucket: bucket, key: String(path.dropFirst(bucket.count + 1)))
    }
}
