import Foundation
import MasterModel

/// The segment files one controller appends completed slices' outputs to, in its execution's
/// `OutputFolder`. Each controller starts a segment of its own (a restarted master never
/// appends after what a killed one may have left half-written), and a new one past
/// `segmentLimit` bytes or after a failed write. `sync` makes what was appended durable; the
/// controller calls it before the transaction that records the places, so a recorded place
/// always holds its bytes. Touched by the controller's thread alone.
final class OutputSegments {
    let folder: OutputFolder
    let segmentLimit: Int64
    private var descriptor: Int32 = -1
    private var name = ""
    private var end: Int64 = 0
    private var unsynced = false

    init(folder: OutputFolder, segmentLimit: Int64 = 1 << 30) {
        self.folder = folder
        self.segmentLimit = segmentLimit
    }

    deinit { close() }

    /// Appends `output` whole and returns its place.
    func append(_ output: SliceOutput) throws -> OutputPlace {
        if descriptor < 0 || end >= segmentLimit { try startSegment() }
        let place = OutputPlace(segment: name, offset: end, length: output.count)
        guard place.length > 0 else { return place }
        do {
            try output.copy(to: descriptor)
        } catch {
            // What a failed write left is never recorded; the next output goes to a new segment.
            close()
            throw error
        }
        end += place.length
        unsynced = true
        return place
    }

    /// Makes every appended byte durable.
    func sync() throws {
        guard unsynced, descriptor >= 0 else { return }
        guard fsync(descriptor) == 0 else { throw Self.failure(name) }
        unsynced = false
    }

    func close() {
        if descriptor >= 0 {
            if unsynced { _ = fsync(descriptor) }
            _ = Foundation.close(descriptor)
        }
        descriptor = -1
        unsynced = false
    }

    /// Creates the next segment the folder does not have yet (`segment-<n>`).
    private func startSegment() throws {
        close()
        try folder.prepare()
        var number = 1
        while true {
            let candidate = "segment-\(number)"
            let made = open(folder.segment(candidate), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0o644)
            if made >= 0 {
                descriptor = made
                name = candidate
                end = 0
                syncFolder()
                return
            }
            guard errno == EEXIST else { throw Self.failure(candidate) }
            number += 1
        }
    }

    /// Makes the new segment's name durable.
    private func syncFolder() {
        let directory = open(folder.folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directory >= 0 else { return }
        _ = fsync(directory)
        _ = Foundation.close(directory)
    }

    private static func failure(_ name: String) -> Error {
        CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: name, NSLocalizedDescriptionKey: String(cString: strerror(errno))])
    }
}
