import ClusterModel
import Foundation
import JobStore
import MasterModel

extension ClusterStore {
    /// A one-node sandbox cluster stored at `now` (its `cluster.requested` event with it).
    func sandboxCluster(at now: Date) throws -> APICluster {
        let draft = try APICluster(
            name: "c", type: "sandbox", provider: "local", instanceType: "t2.micro", folder: "",
            life: ClusterLifecycle(nodes: 1, terminateOnIdle: false, timeToIdle: 60), at: now)
        return try insert(draft) { "/tmp/c\($0)" }
    }
}
