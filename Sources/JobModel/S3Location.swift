/// A bucket and a key (or a key prefix) named by an `s3://bucket/key` URL, as job specs write
/// them. Parsing says what is wrong in words, so the spec's checks can name the field.
public struct S3Location: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    public var bucket: String
    /// The key, or the prefix of keys, after `bucket/`; may be empty (the whole bucket).
    public var key: String

    public init(bucket: String, key: String) {
        self.bucket = bucket
        self.key = key
    }

    /// `s3://bucket/key`.
    public var description: String { "s3://\(bucket)/\(key)" }

    /// The location of `url`, or what is wrong with it (a sentence fragment: "is not …").
    public static func parse(_ url: String) -> Result<S3Location, S3LocationProblem> {
        guard url.hasPrefix("s3://") else { return .failure(.notS3(url)) }
        let rest = url.dropFirst(5)
        let bucket = String(rest.prefix { $0 != "/" })
        let key = rest.count > bucket.count ? String(rest.dropFirst(bucket.count + 1)) : ""
        guard isBucketName(bucket) else { return .failure(.badBucket(bucket)) }
        guard key.utf8.count <= 1024 else { return .failure(.keyTooLong) }
        guard !key.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return .failure(.controlCharacters) }
        return .success(S3Location(bucket: bucket, key: key))
    }

    /// S3's rules for a bucket's name: 3 to 63 lowercase letters, digits, `.` and `-`,
    /// starting and ending with a letter or digit.
    public static func isBucketName(_ name: String) -> Bool {
        let scalars = Array(name.unicodeScalars)
        guard (3...63).contains(scalars.count) else { return false }
        let allowed: (Unicode.Scalar) -> Bool = { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "-" }
        let edge: (Unicode.Scalar) -> Bool = { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        return scalars.allSatisfy(allowed) && edge(scalars.first!) && edge(scalars.last!)
    }

    /// The location of `key` in the same bucket.
    public func sibling(_ key: String) -> S3Location { S3Location(bucket: bucket, key: key) }

    /// The key as a folder: itself when empty or ending in `/`, else with `/` added.
    public var folder: String { key.isEmpty || key.hasSuffix("/") ? key : key + "/" }
}

/// What is wrong with an S3 URL.
public enum S3LocationProblem: Error, Sendable, Equatable, CustomStringConvertible {
    case notS3(String)
    case badBucket(String)
    case keyTooLong
    case controlCharacters

    public var description: String {
        switch self {
        case .notS3(let url): return "`\(url.prefix(80))` is not an S3 URL; expected s3://bucket/prefix/"
        case .badBucket(let bucket):
            return "`\(bucket.prefix(80))` is not a bucket name (3 to 63 lowercase letters, digits, `.` and `-`); expected s3://bucket/prefix/"
        case .keyTooLong: return "names a key longer than S3's 1024 bytes"
        case .controlCharacters: return "has control characters in its key"
        }
    }
}
