/// `remote` inputs: the files a glob matches on each worker, one slice each, run on the worker
/// that holds it (`{input}` is its path there). Listings are taken once the workers are
/// connected; slices go worker by worker (sorted by name), each worker's paths in order, so a
/// stored cursor's index finds the same place again.
public struct RemoteSlicer: Slicer {
    public let listings: [(worker: String, paths: [String])]
    public private(set) var cursor: SlicerCursor

    public init(listings: [String: [String]], cursor: SlicerCursor = SlicerCursor()) {
        self.listings = listings.keys.sorted().map { ($0, listings[$0]!.sorted()) }
        self.cursor = cursor
        if cursor.nextIndex >= total { self.cursor.finished = true }
    }

    public var total: Int64 { Int64(listings.reduce(0) { $0 + $1.paths.count }) }

    public mutating func next(max: Int) throws -> [SliceInput] {
        var made: [SliceInput] = []
        var skip = cursor.nextIndex
        for (worker, paths) in listings {
            if skip >= Int64(paths.count) {
                skip -= Int64(paths.count)
                continue
            }
            for path in paths.dropFirst(Int(skip)) {
                guard made.count < Swift.max(1, max) else { break }
                made.append(SliceInput(index: cursor.nextIndex, values: ["input": path], worker: worker))
                cursor.nextIndex += 1
            }
            skip = 0
            if made.count >= Swift.max(1, max) { break }
        }
        cursor.finished = cursor.nextIndex >= total
        return made
    }
}
