import Foundation
import JobModel

/// Publishing what other threads may read of the execution (statistics, cluster state).
extension ExecutionController {
    /// Called after every flush, on the controller's thread.
    func publish() {
        var slots: [String: Int] = [:]
        for link in links { slots[link.name] = link.slots }
        let snapshot = ExecutionSnapshot(
            status: life.status, counts: life.counts, total: life.slicerFinished ? life.counts.made : nil, slots: slots,
            busy: busy.filter { slots[$0.key] != nil }, lost: lost, startedAt: record.startedAt)
        published.update(snapshot, at: now())
    }

    /// The execution as last published, with its current rate.
    public var snapshot: ExecutionSnapshot? { published.read(at: now()) }
}
