import Foundation
import JobModel

/// Publishing what other threads may read of the execution (statistics, cluster state).
extension ExecutionController {
    /// Called after every flush, on the controller's thread.
    func publish() {
        var slots: [String: Int] = [:]
        for link in links { slots[link.name] = link.slots }
        let snapshot = ExecutionSnapshot(
            status: life.status, counts: life.counts, total: expectedTotal, slicerFinished: life.slicerFinished, slots: slots,
            busy: busy.filter { slots[$0.key] != nil }, lost: lost, startedAt: record.startedAt)
        published.update(snapshot, at: now())
    }

    /// Every slice this execution will have: what it made once the slicer has finished, or
    /// what a range or list will make (not for a recovery, which holds only part of them).
    var expectedTotal: Int? {
        if life.slicerFinished { return life.counts.made }
        guard record.recoverOf == nil, let total = slicer?.expectedTotal else { return nil }
        return Int(total)
    }

    /// The execution as last published, with its current rate.
    public var snapshot: ExecutionSnapshot? { published.read(at: now()) }
}
