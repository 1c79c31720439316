import Foundation
import JobModel

/// `<prefix>/_manifest.json`, written when an execution with S3 outputs completes: every slice
/// with its input(s), its output key, size and ETag (from a listing of the committed parts, so it
/// says what S3 holds, not what the master expected).
public struct OutputManifest: Codable, Sendable, Equatable {
    public struct Input: Codable, Sendable, Equatable {
        public var url: String
        /// The byte range of a `split_bytes` slice: first byte and length.
        public var offset: Int64?
        public var length: Int64?
    }

    public struct Entry: Codable, Sendable, Equatable {
        public var slice: Int64
        public var inputs: [Input]
        /// `{input}` as the slice's command saw it, for inputs that are not objects.
        public var input: String?
        public var key: String
        public var size: Int64
        public var etag: String
    }

    public var job_id: String
    public var ex_id: String
    public var input: String?
    public var output: String
    public var slices: [Entry]

    /// The manifest of `outputs` for the completed slices `slices` (by index). A completed slice
    /// whose part is missing is an error: its output was lost, and the manifest would lie.
    static func make(
        outputs: S3Outputs, input: S3Location?, jobID: Int64, slices: [Int64: SliceInput], lister: any ObjectLister
    ) throws -> OutputManifest {
        var parts: [Int64: ListedObject] = [:]
        let prefix = outputs.prefix.folder + "part-"
        var after: String?
        while true {
            let page = try lister.list(bucket: outputs.prefix.bucket, prefix: prefix, startAfter: after, maxKeys: 1000)
            for object in page.objects {
                guard let index = Int64(object.key.dropFirst(prefix.count)) else { continue }
                parts[index] = object
            }
            after = page.objects.last?.key
            if after == nil || !page.truncated { break }
        }
        var entries: [Entry] = []
        for (index, slice) in slices.sorted(by: { $0.key < $1.key }) {
            guard let part = parts[index] else {
                throw ManifestError.missingPart(index: index, key: outputs.part(index).description)
            }
            let pieces = (slice.objects ?? []).map { piece in
                Input(
                    url: piece.location.description, offset: piece.length == nil ? nil : piece.offset, length: piece.length)
            }
            entries.append(Entry(
                slice: index, inputs: pieces, input: pieces.isEmpty ? slice.values["input"] : nil, key: part.key, size: part.size, etag: part.etag))
        }
        return OutputManifest(
            job_id: String(jobID), ex_id: String(outputs.exID), input: input?.description, output: outputs.prefix.description, slices: entries)
    }

    func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(self))
    }
}

/// Why a manifest could not be written.
enum ManifestError: Error, CustomStringConvertible {
    case missingPart(index: Int64, key: String)

    var description: String {
        switch self {
        case .missingPart(let index, let key): return "slice \(index) completed but its output \(key) is not in S3"
        }
    }
}
