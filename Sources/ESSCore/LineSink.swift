import SSH

/// Where a fan-out command's output goes, line by line, while the nodes are still running (`ess cluster run`).
///
/// Called from many nodes' OS threads at once: an implementation writes each call's lines together, whole.
public protocol LineSink: Sendable {
    /// Called once, before any node starts, with the id of every node that will run (to align the prefixes).
    func begin(_ nodeIDs: [String])

    /// The lines one node's `stream` completed just now, in order.
    func write(_ lines: [LineSplitter.Line], node: String, stream: ExecStream)
}
