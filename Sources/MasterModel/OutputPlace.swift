import Foundation

/// Where a completed slice's output is kept: `length` bytes at `offset` of `segment`, a file of
/// its execution's output folder that the master only ever appends to. Recorded in the same
/// transaction as the slice's completion, so a slice's output is seen exactly when it is.
public struct OutputPlace: Sendable, Equatable {
    /// The segment's file name inside the execution's output folder.
    public var segment: String
    public var offset: Int64
    public var length: Int64

    public init(segment: String, offset: Int64, length: Int64) {
        self.segment = segment
        self.offset = offset
        self.length = length
    }
}
