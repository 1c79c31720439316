import Foundation

/// An execution's slice outputs on the master: `<root>/<ex_id>/<slice>.out`, each committed
/// atomically (written to a temporary file, renamed) only when its slice completes, so a
/// retried slice never leaves two outputs and a half-written one is never seen.
public struct OutputFolder: Sendable {
    public let folder: String

    public init(root: String, exID: Int64) {
        folder = (root as NSString).appendingPathComponent(String(exID))
    }

    public func prepare() throws {
        try FileManager.default.createDirectory(atPath: (folder as NSString).appendingPathComponent(".partial"), withIntermediateDirectories: true)
    }

    /// Where an attempt writes while it runs.
    public func partial(_ index: Int64, attempt: Int) -> String {
        (folder as NSString).appendingPathComponent(".partial/\(index).\(attempt)")
    }

    /// A completed slice's output.
    public func final(_ index: Int64) -> String {
        (folder as NSString).appendingPathComponent("\(index).out")
    }

    /// Renames the attempt's file into place (an attempt that wrote nothing gives an empty file).
    public func commit(_ index: Int64, attempt: Int) throws {
        let from = partial(index, attempt: attempt)
        if !FileManager.default.fileExists(atPath: from) {
            _ = FileManager.default.createFile(atPath: from, contents: nil)
        }
        guard rename(from, final(index)) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: final(index), NSLocalizedDescriptionKey: String(cString: strerror(errno))])
        }
    }

    /// Removes an attempt that will not be committed.
    public func discard(_ index: Int64, attempt: Int) {
        unlink(partial(index, attempt: attempt))
    }
}
