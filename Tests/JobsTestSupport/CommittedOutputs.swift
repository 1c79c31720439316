import Foundation
import JobStore
import Jobs

/// The committed outputs of an execution, by slice index, as readers see them: each completed
/// slice's place in the store, read from its segment (or an older master's `<slice>.out`).
public enum CommittedOutputs {
    public static func read(_ store: ExecutionStore, root: String, exID: Int64) throws -> [Int64: String] {
        let folder = OutputFolder(root: root, exID: exID)
        var found: [Int64: String] = [:]
        for slice in try store.slices(of: exID, in: [.completed], limit: Int.max) {
            guard let source = folder.source(of: slice.index, place: try store.outputPlace(of: exID, slice: slice.index)) else { continue }
            found[slice.index] = String(decoding: try source.read(), as: UTF8.self)
        }
        return found
    }

    /// Their file names as an older master named them (`<slice>.out`), sorted.
    public static func names(_ store: ExecutionStore, root: String, exID: Int64) throws -> [String] {
        try read(store, root: root, exID: exID).keys.map { "\($0).out" }.sorted()
    }
}
