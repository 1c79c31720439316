import Foundation

/// Nodes whose command printed exactly the same thing, shown once (like `clush -b`).
public struct OutputGroup: Sendable, Equatable {
    public var nodeIDs: [String]
    public var stdout: Data
    public var stderr: Data
}

public enum OutputGrouping {
    /// Groups the nodes that ran their command by identical stdout and stderr, in order of first
    /// appearance; nodes that never ran it (a connection error) are left out: the failure summary lists them.
    public static func group(_ outcomes: [NodeOutcome]) -> [OutputGroup] {
        var groups: [OutputGroup] = []
        var index: [Data: [Int]] = [:]
        for outcome in outcomes where outcome.error == nil {
            let key = outcome.stdout + Data([0]) + outcome.stderr
            if let found = index[key]?.first(where: { groups[$0].stdout == outcome.stdout && groups[$0].stderr == outcome.stderr }) {
                groups[found].nodeIDs.append(outcome.nodeID)
                continue
            }
            index[key, default: []].append(groups.count)
            groups.append(OutputGroup(nodeIDs: [outcome.nodeID], stdout: outcome.stdout, stderr: outcome.stderr))
        }
        return groups
    }
}
