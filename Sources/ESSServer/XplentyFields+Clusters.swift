import Foundation
import JobAPI
import Jobs

/// Xplenty's cluster fields over the cluster core's views: the statuses are the same words.
extension XplentyFields {
    static func cluster(_ view: ClusterView, place: XplentyPlace) -> XplentyClusterDocument {
        XplentyClusterDocument(
            id: view.id, name: view.name, description: view.folder, status: view.status.rawValue, owner_id: ownerID, nodes: view.nodeCount,
            type: view.type, created_at: view.createdAt.map(date), updated_at: view.updatedAt.map(date),
            available_since: view.availableSince.map(date), idle_since: view.idleSince.map(date), terminated_at: view.terminatedAt.map(date),
            running_jobs_count: view.runningJobs, terminate_on_idle: view.terminateOnIdle, time_to_idle: Int(view.timeToIdle),
            terminated_on_idle: view.terminatedOnIdle, errors: view.errorReason, region: view.provider, instance_type: view.instanceType,
            url: place.base + "/clusters/\(view.id)")
    }
}
