import Foundation
import JobAPI
import Jobs

extension APIDocuments {
    static func cluster(_ view: ClusterView) -> ClusterDocument {
        ClusterDocument(
            id: view.id, name: view.name, status: view.status.rawValue, type: view.type, provider: view.provider,
            instance_type: view.instanceType, nodes: view.nodeCount, terminate_on_idle: view.terminateOnIdle,
            time_to_idle: Int(view.timeToIdle), running_jobs_count: view.runningJobs, created_at: view.createdAt.map(APIDate.string),
            updated_at: view.updatedAt.map(APIDate.string), available_since: view.availableSince.map(APIDate.string),
            idle_since: view.idleSince.map(APIDate.string), terminated_at: view.terminatedAt.map(APIDate.string),
            terminated_on_idle: view.terminatedOnIdle, error_reason: view.errorReason,
            addresses: view.nodes.filter(\.isLive).compactMap(\.address),
            instances: view.nodes.map { ClusterDocument.Instance(id: $0.id, reservation_id: $0.reservationID, address: $0.address, state: $0.state) },
            folder: view.folder, master: view.id == ClusterView.ownID)
    }
}
