import ClusterModel

/// `--nodes LIST`: which of the cluster's nodes a fan-out command reaches.
///
/// LIST is comma-separated; each item is an instance id, an address, a 1-based number as
/// `ess cluster status` lists the nodes, or a range of numbers `2-5`.
public enum NodeSelection {
    /// The chosen nodes in cluster order (each once); nil or empty LIST means every node.
    public static func pick(_ list: String?, from nodes: [Node]) throws -> [Node] {
        guard let list, !list.trimmingCharacters(in: .whitespaces).isEmpty else { return nodes }
        var chosen = Set<Int>()
        for raw in list.split(separator: ",") {
            let item = raw.trimmingCharacters(in: .whitespaces)
            guard !item.isEmpty else { continue }
            chosen.formUnion(try indices(of: item, in: nodes))
        }
        return chosen.sorted().map { nodes[$0] }
    }

    static func indices(of item: String, in nodes: [Node]) throws -> [Int] {
        if let index = nodes.firstIndex(where: { $0.id == item || $0.privateAddress == item || $0.publicAddress == item }) {
            return [index]
        }
        let bounds = item.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false).map { Int($0) }
        if bounds.count == 1, let number = bounds[0], number >= 1, number <= nodes.count {
            return [number - 1]
        }
        if bounds.count == 2, let low = bounds[0], let high = bounds[1], low >= 1, low <= high, high <= nodes.count {
            return Array((low - 1)..<high)
        }
        throw ClusterError.unknownNodeInList(item: item, nodeCount: nodes.count)
    }
}
