import AWSCore
import Foundation
import HTTPClient
import JobModel
import Jobs
import Logging
import S3

/// The master's object store over S3 (`S3Client`): what the slicer lists and reads, the
/// presigned URLs the workers fetch and upload with, the commits of outputs. Every failure is
/// an `ObjectStoreError`: S3's codes mapped to the kinds the master acts on, with S3's code,
/// message and status kept, and the `s3://` location (never a URL).
public struct S3ObjectStore: ObjectStore {
    public let client: S3Client

    public init(client: S3Client) {
        self.client = client
    }

    /// The store for the master's environment: the credentials, profiles, region and S3
    /// endpoint the ec2 provider would find (`AWSConfiguration.resolve`). No credentials found
    /// is an `ObjectStoreError` of kind `noCredentials`; any other setting that is wrong throws
    /// its `AWSConfigurationError`, which names it.
    public static func resolve(environment: [String: String], homeDirectory: String, logger: Logger) throws -> S3ObjectStore {
        let configuration: AWSConfiguration
        do {
            configuration = try AWSConfiguration.resolve(environment: environment, homeDirectory: homeDirectory)
        } catch let error as AWSConfigurationError {
            guard case .missingCredentials = error else { throw error }
            throw ObjectStoreError(kind: .noCredentials, operation: "configuration", location: "", message: "\(error)")
        }
        return S3ObjectStore(client: S3Client(configuration: configuration, logger: logger))
    }

    public func list(bucket: String, prefix: String, startAfter: String?, maxKeys: Int) throws -> ListingPage {
        let page = try mapped("ListObjectsV2", S3Location(bucket: bucket, key: prefix)) {
            try client.listObjectsV2(bucket: bucket, prefix: prefix, startAfter: startAfter, maxKeys: maxKeys)
        }
        return ListingPage(objects: page.objects.map { ListedObject(key: $0.key, size: $0.size, etag: $0.etag) }, truncated: page.isTruncated)
    }

    /// A range that starts at or past the object's end reads nothing (S3's `InvalidRange`).
    public func read(bucket: String, key: String, offset: Int64, count: Int) throws -> [UInt8] {
        guard count > 0 else { return [] }
        do {
            return try mapped("GetObject", S3Location(bucket: bucket, key: key)) {
                try client.getObject(bucket: bucket, key: key, range: offset..<(offset + Int64(count)))
            }
        } catch let error as ObjectStoreError where error.code == "InvalidRange" {
            return []
        }
    }

    public func presignedGET(_ location: S3Location, expires: Int) -> String {
        client.presignedURL(method: "GET", bucket: location.bucket, key: location.key, expires: expires)
    }

    public func presignedPUT(_ location: S3Location, expires: Int) -> String {
        client.presignedURL(method: "PUT", bucket: location.bucket, key: location.key, expires: expires)
    }

    /// Within one bucket only, as the outputs' commits are.
    public func copy(from source: S3Location, to target: S3Location) throws {
        guard source.bucket == target.bucket else {
            throw ObjectStoreError(
                kind: .other, operation: "CopyObject", location: target.description,
                message: "the source \(source) is in another bucket; copies stay within one bucket")
        }
        try mapped("CopyObject", target) { _ = try client.copyObject(bucket: target.bucket, from: source.key, to: target.key) }
    }

    public func delete(_ location: S3Location) throws {
        try mapped("DeleteObject", location) { try client.deleteObject(bucket: location.bucket, key: location.key) }
    }

    public func put(_ bytes: [UInt8], at location: S3Location, contentType: String) throws {
        try mapped("PutObject", location) { _ = try client.putObject(bucket: location.bucket, key: location.key, bytes: bytes, contentType: contentType) }
    }

    public func checkBucket(_ bucket: String) throws {
        try mapped("HeadBucket", S3Location(bucket: bucket, key: "")) { try client.headBucket(bucket) }
    }

    /// Runs one call, turning its failure into an `ObjectStoreError`.
    private func mapped<T>(_ operation: String, _ location: S3Location, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw Self.storeError(error, operation: operation, location: location)
        }
    }

    /// S3's codes as the master's kinds: `NoSuchBucket`, `NoSuchKey`, `AccessDenied` (or any
    /// 403), everything else `other`; a request that got no answer is `other` with curl's words.
    static func storeError(_ error: Error, operation: String, location: S3Location) -> ObjectStoreError {
        guard let s3 = error as? S3Error else {
            let message = (error as? HTTPTransportError)?.description ?? "\(error)"
            return ObjectStoreError(kind: .other, operation: operation, location: location.description, message: message)
        }
        let kind: ObjectStoreError.Kind
        switch s3.code {
        case "NoSuchBucket": kind = .noSuchBucket
        case "NoSuchKey": kind = .noSuchKey
        case "AccessDenied": kind = .accessDenied
        default: kind = s3.httpStatus == 403 ? .accessDenied : .other
        }
        return ObjectStoreError(
            kind: kind, operation: s3.operation, location: location.description, code: s3.code, message: s3.message, httpStatus: s3.httpStatus)
    }
}

extension S3ObjectStore {
    /// The master's object store as `ess serve` reaches it: resolved from the environment and the
    /// home's AWS files the first time a job needs it, then kept; while it cannot be resolved
    /// (no credentials), every S3 job is refused with why.
    public static func source(environment: [String: String], homeDirectory: String, logger: Logger) -> ObjectStoreSource {
        let kept = KeptStore()
        return ObjectStoreSource {
            try kept.store { try S3ObjectStore.resolve(environment: environment, homeDirectory: homeDirectory, logger: logger) }
        }
    }
}

/// The one store a master resolves, made once under a lock.
private final class KeptStore: @unchecked Sendable {
    private let lock = NSLock()
    private var made: S3ObjectStore?

    func store(_ make: () throws -> S3ObjectStore) throws -> S3ObjectStore {
        try lock.withLock {
            if let made { return made }
            let store = try make()
            made = store
            return store
        }
    }
}
