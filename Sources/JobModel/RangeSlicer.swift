/// `range` inputs: integers `start…end` (inclusive), `perSlice` a slice, as `{start}` `{end}`.
public struct RangeSlicer: Slicer {
    public let start: Int64
    public let end: Int64
    public let perSlice: Int64

    public var expectedTotal: Int64? { total }
    public private(set) var cursor: SlicerCursor

    public init(start: Int64, end: Int64, perSlice: Int64, cursor: SlicerCursor = SlicerCursor()) {
        self.start = start
        self.end = end
        self.perSlice = max(1, perSlice)
        self.cursor = cursor
        if cursor.nextIndex >= total { self.cursor.finished = true }
    }

    /// How many slices the range makes.
    public var total: Int64 { (end - start) / perSlice + 1 }

    public mutating func next(max: Int) throws -> [SliceInput] {
        guard !cursor.finished else { return [] }
        let last = Swift.min(total, cursor.nextIndex + Int64(Swift.max(1, max)))
        let made = (cursor.nextIndex..<last).map { index -> SliceInput in
            let low = start + index * perSlice
            let high = Swift.min(end, low + perSlice - 1)
            return SliceInput(index: index, values: ["start": String(low), "end": String(high)])
        }
        cursor.nextIndex = last
        cursor.finished = last >= total
        return made
    }
}

/// `list` inputs: one slice per value, as `{input}`.
public struct ListSlicer: Slicer {
    public let values: [String]

    public var expectedTotal: Int64? { Int64(values.count) }
    public private(set) var cursor: SlicerCursor

    public init(values: [String], cursor: SlicerCursor = SlicerCursor()) {
        self.values = values
        self.cursor = cursor
        if cursor.nextIndex >= values.count { self.cursor.finished = true }
    }

    public mutating func next(max: Int) throws -> [SliceInput] {
        guard !cursor.finished else { return [] }
        let first = Int(cursor.nextIndex)
        let last = Swift.min(values.count, first + Swift.max(1, max))
        let made = (first..<last).map { SliceInput(index: Int64($0), values: ["input": values[$0]]) }
        cursor.nextIndex = Int64(last)
        cursor.finished = last >= values.count
        return made
    }
}
