import Foundation
import JobClient

/// Prints an execution's completed slices' outputs in index order, each once, headed
/// `==> slice N <==`; called again, it prints only those completed since.
struct SliceOutputReader {
    let client: MasterClient
    let exID: String
    let write: (Data) -> Void
    /// Every slice up to this index has settled (completed and printed, or failed): listings start after it.
    private(set) var floor: Int64?
    /// Slices printed above `floor`.
    private var printed = Set<Int64>()
    var pageSize = 1000

    init(client: MasterClient, exID: String, write: @escaping (Data) -> Void) {
        self.client = client
        self.exID = exID
        self.write = write
    }

    mutating func printCompleted() throws {
        var after = floor
        var settledSoFar = true
        while true {
            let page = try client.slices(execution: exID, after: after, size: pageSize)
            for slice in page {
                if slice.state == "completed" && !printed.contains(slice.slice) {
                    try printSlice(slice.slice)
                    printed.insert(slice.slice)
                }
                settledSoFar = settledSoFar && (slice.state == "completed" || slice.state == "error")
                if settledSoFar {
                    floor = slice.slice
                    printed.remove(slice.slice)
                }
            }
            guard page.count == pageSize, let last = page.last else { return }
            after = last.slice
        }
    }

    private func printSlice(_ index: Int64) throws {
        let output: Data
        do {
            output = try client.sliceOutput(execution: exID, slice: index)
        } catch JobClientError.api(404, _, _, _) {
            output = Data()
        }
        var text = Data("==> slice \(index) <==\n".utf8)
        text += output
        if let last = output.last, last != UInt8(ascii: "\n") { text.append(UInt8(ascii: "\n")) }
        write(text)
    }
}
