import ClusterModel
import Foundation
import JobStore
import MasterModel

/// Performing the machine's actions, each on the cluster's own serial queue, and feeding back
/// what came of them.
extension ClusterController {
    func perform(_ action: ClusterLifecycle.Action, on id: Int64) {
        queue(of: id).async { [self] in
            guard let record = try? store.cluster(id) else { return }
            let spec = ClusterSpec(provider: record.provider, instanceType: record.instanceType)
            switch action {
            case .provision(let nodes):
                feed(id) {
                    try provisioner.provision(spec, nodes: nodes, in: record.folder)
                    return .provisioned
                }
            case .resize(_, let target):
                var left: Int?
                feed(id) {
                    let busy = try executions.busyWorkers(onCluster: id)
                    left = try provisioner.resize(spec, to: target, sparing: busy, in: record.folder)
                    return .resized(nodes: left!)
                } failed: { [self] reason in
                    let live = provisioner.summary(of: record.folder)?.nodes.filter(\.isLive).count ?? 0
                    try? apply(id, .resized(nodes: left ?? live))
                    try? apply(id, .failed(reason: "resize to \(target) nodes failed: \(reason)"))
                }
            case .terminate:
                try? apply(id, .terminationBegan)
                feed(id) {
                    try provisioner.terminate(in: record.folder)
                    return .terminationEnded
                }
            }
        }
    }

    /// Runs `work` and applies the event it returns; a failure is the cluster's `error`.
    func feed(_ id: Int64, _ work: () throws -> ClusterLifecycle.Event, failed: ((String) -> Void)? = nil) {
        do {
            try apply(id, try work())
        } catch {
            let reason = Self.reason(error)
            if let failed { failed(reason) } else { try? apply(id, .failed(reason: reason)) }
        }
    }

    /// Clusters a stopped master left making or ending nodes: their work is lost with it, so
    /// it is done again (`creating`: the cluster is an error, its nodes may be half made;
    /// `pending_terminate`/`terminating`: terminated again).
    func resumeInterrupted() {
        guard let stuck = try? store.clusters(status: [.creating, .pendingTerminate, .terminating], limit: -1) else { return }
        for record in stuck {
            guard let id = record.id else { continue }
            if record.status == ClusterLifecycle.Status.creating.rawValue {
                try? apply(id, .failed(reason: "the master stopped while its nodes were being made; terminate it and create another"))
            } else {
                perform(.terminate, on: id)
            }
        }
    }

    static func reason(_ error: any Error) -> String {
        String("\(error)".prefix(500))
    }
}
