import ClusterModel
import Foundation
import JobStore

extension JobStore {
    /// A one-node sandbox cluster stored at `now` (its `cluster.requested` event with it).
    func sandboxCluster(at now: Date) throws -> ClusterRecord {
        let draft = try ClusterRecord(
            name: "c", type: "sandbox", provider: "local", instanceType: "t2.micro", folder: "",
            life: ClusterLifecycle(nodes: 1, terminateOnIdle: false, timeToIdle: 60), at: now)
        return try insertCluster(draft) { "/tmp/c\($0)" }
    }
}
