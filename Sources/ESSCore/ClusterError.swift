import ClusterModel
import Platform

/// Why a verb cannot act on this directory's cluster, as facts: which file, which node, which
/// provider. The CLI words them (and says what to do).
public enum ClusterError: Error, Sendable, Equatable {
    /// The directory has no cluster: `stateFile` does not exist.
    case noCluster(stateFile: String)
    /// The cluster lists no nodes at all.
    case noNodes
    /// Every node of the cluster is terminated.
    case noLiveNodes
    /// A cluster with nodes exists, and the request was not to grow it.
    case alreadyExists
    /// The cluster is on `existing`; the request named `asked`.
    case otherProvider(existing: ProviderKind, asked: ProviderKind)
    /// The provider cannot change to `asked` while the cluster has `nodes` nodes on `existing`.
    case nodesRemain(nodes: Int, existing: ProviderKind, asked: ProviderKind)
    /// A custom cluster's machines are listed by hand; creating makes none.
    case customCannotCreate
    /// No node is `query` (an instance id, an address, or a number from 1 to `nodeCount`).
    case unknownNode(query: String, nodeCount: Int)
    /// An item of a node list names no node (nor a number or range within 1 to `nodeCount`).
    case unknownNodeInList(item: String, nodeCount: Int)
    /// The node's host key has not been pinned yet.
    case noHostKey(node: String)
    /// A provider's own work on this machine (its inventory, its daemons) failed at a system call.
    case providerSystem(PlatformError)
}
