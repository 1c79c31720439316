import Foundation
import MasterModel

/// An execution's slice outputs on the master, in `<root>/<ex_id>/`: segment files the
/// controller appends completed slices' outputs to (`OutputSegments`), each slice's place in
/// them recorded in the store with its completion. A slice's output is seen only through its
/// place, so bytes appended but never recorded (an attempt cut short by a `kill -9`) are never
/// shown, and a retried slice never shows two. Executions run by an older master kept one
/// `<slice>.out` file a slice; those are still read.
public struct OutputFolder: Sendable {
    public let folder: String

    public init(root: String, exID: Int64) {
        folder = (root as NSString).appendingPathComponent(String(exID))
    }

    public func prepare() throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    /// A segment file's path.
    public func segment(_ name: String) -> String {
        (folder as NSString).appendingPathComponent(name)
    }

    /// The file an older master committed a slice's output to.
    public func legacy(_ index: Int64) -> String {
        (folder as NSString).appendingPathComponent("\(index).out")
    }

    /// Where a completed slice's output is to be read: its place in a segment, or an older
    /// master's file; nil when it has neither.
    public func source(of index: Int64, place: OutputPlace?) -> OutputSource? {
        if let place { return OutputSource(path: segment(place.segment), offset: place.offset, length: place.length) }
        let path = legacy(index)
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return OutputSource(path: path, offset: 0, length: Int64(info.st_size))
    }
}

/// A slice's output as bytes of a file on the master.
public struct OutputSource: Sendable, Equatable {
    public var path: String
    public var offset: Int64
    public var length: Int64

    /// Reads the bytes (for small outputs and tests; the API streams them).
    public func read() throws -> Data {
        guard length > 0 else { return Data() }
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(offset))
        let data = try handle.read(upToCount: Int(length)) ?? Data()
        guard data.count == Int(length) else { throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: path]) }
        return data
    }
}
