import Foundation
import JobModel

/// Makes the slicer for a spec's inputs, at a stored cursor. Relative paths on the master are
/// taken from `base` (the master's directory).
enum SlicerFactory {
    static func make(_ inputs: JobInputs, cursor: SlicerCursor, base: String = FileManager.default.currentDirectoryPath) throws -> (any Slicer)? {
        switch inputs {
        case .range(let start, let end, let perSlice):
            return RangeSlicer(start: start, end: end, perSlice: perSlice, cursor: cursor)
        case .list(let values):
            return ListSlicer(values: values, cursor: cursor)
        case .lines(let path, let perSlice):
            return LineSlicer(path: FileSystemLister.absolute(path, base: base), perSlice: perSlice, source: try FileBytes(path: FileSystemLister.absolute(path, base: base)), cursor: cursor)
        case .files(let patterns):
            return FileSlicer(patterns: patterns.map { FileSystemLister.absolute($0, base: base) }, lister: FileSystemLister(), cursor: cursor)
        case .remote, .s3:
            // Made once the workers are connected and have listed their files; `s3`: by the
            // controller, with the master's object store.
            return nil
        }
    }
}

/// A file on the master, read with `pread` at any offset (one descriptor, no shared position).
public final class FileBytes: ByteSource, @unchecked Sendable {
    let fd: Int32

    public init(path: String) throws {
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path]) }
    }

    deinit { close(fd) }

    public func read(at offset: Int64, count: Int) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        let got = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(offset)) }
        guard got >= 0 else { throw CocoaError(.fileReadUnknown) }
        buffer.removeLast(count - got)
        return buffer
    }

    /// Reads up to `buffer.count` bytes at `offset` straight into `buffer`: the bytes read, 0 at
    /// the end of the file.
    public func read(at offset: Int64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let got = pread(fd, buffer.baseAddress, buffer.count, off_t(offset))
            if got >= 0 { return got }
            guard errno == EINTR else { throw CocoaError(.fileReadUnknown) }
        }
    }
}

/// The master's file system, for `files` inputs.
struct FileSystemLister: DirectoryLister {
    func names(in directory: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    }

    func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    static func absolute(_ path: String, base: String) -> String {
        path.hasPrefix("/") ? path : (base as NSString).appendingPathComponent(path)
    }
}
