import Foundation
import Jobs

/// The outputs slices keep on the master in these tests, by a name each test chooses.
final class KeptOutputs: @unchecked Sendable {
    private let lock = NSLock()
    private var byName: [String: SliceOutput] = [:]

    /// The output named `name`, made the first time (small memory limit: spilling is exercised).
    func at(_ name: String) -> SliceOutput {
        lock.withLock {
            if let output = byName[name] { return output }
            let output = SliceOutput(memoryLimit: 4096)
            byName[name] = output
            return output
        }
    }

    func data(_ name: String) throws -> Data { try at(name).bytes() }

    func text(_ name: String) throws -> String { String(decoding: try data(name), as: UTF8.self) }
}
