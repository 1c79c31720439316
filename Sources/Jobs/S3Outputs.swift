import JobModel

/// Where an execution's S3 outputs go and how they are named: slice `n`'s attempt `a` is put by
/// its worker at `<prefix>/_temporary/<ex_id>/part-NNNNNN-a<a>` (Hadoop's convention: names
/// starting with `_` are not data), committed by the master to `<prefix>/part-NNNNNN` only when
/// the slice completes, and the manifest is `<prefix>/_manifest.json`.
public struct S3Outputs: Sendable, Equatable {
    public let prefix: S3Location
    public let exID: Int64

    public init(prefix: S3Location, exID: Int64) {
        self.prefix = prefix
        self.exID = exID
    }

    /// The committed output of slice `index`.
    public func part(_ index: Int64) -> S3Location {
        prefix.sibling(prefix.folder + Self.partName(index))
    }

    /// `part-NNNNNN`: six digits at least, so that keys sort as slices do up to a million.
    public static func partName(_ index: Int64) -> String {
        let digits = String(index)
        return "part-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    /// The folder of an execution's staging objects.
    public func staging(of exID: Int64) -> S3Location {
        prefix.sibling(prefix.folder + "_temporary/\(exID)/")
    }

    /// Where attempt `attempt` of slice `index` puts its output.
    public func staging(_ index: Int64, attempt: Int) -> S3Location {
        let folder = staging(of: exID)
        return folder.sibling(folder.key + Self.partName(index) + "-a\(attempt)")
    }

    /// The execution's manifest.
    public var manifest: S3Location { prefix.sibling(prefix.folder + "_manifest.json") }

    /// Where the output check puts (and removes) its probe.
    public func probe(_ token: String) -> S3Location { prefix.sibling(prefix.folder + "_temporary/probe-\(token)") }
}
