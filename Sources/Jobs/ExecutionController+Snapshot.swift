import Foundation
import JobModel

/// Publishing what other threads may read of the execution (statistics, cluster state).
extension ExecutionController {
    /// Called after every flush, on the controller's thread. Slots are those of the workers
    /// still connected; busy and lost slots as the schedule counts them.
    func publish() {
        let life = schedule.life
        var slots: [String: Int] = [:]
        for link in links { slots[link.name] = link.slots }
        var busy: [String: Int] = [:]
        var lost: Set<String> = []
        for worker in schedule.workers {
            if slots[worker.name] != nil { busy[worker.name] = worker.busy }
            if worker.lost { lost.insert(worker.name) }
        }
        let snapshot = ExecutionSnapshot(
            status: life.status, counts: life.counts, total: expectedTotal, slicerFinished: life.slicerFinished, slots: slots,
            busy: busy, lost: lost, startedAt: record.startedAt)
        published.update(snapshot, at: now())
    }

    /// Every slice this execution will have: what it made once the slicer has finished, or
    /// what a range or list will make (not for a recovery, which holds only part of them).
    var expectedTotal: Int? {
        if schedule.life.slicerFinished { return schedule.life.counts.made }
        guard record.recoverOf == nil, let total = slicer?.expectedTotal else { return nil }
        return Int(total)
    }

    /// The execution as last published, with its current rate.
    public var snapshot: ExecutionSnapshot? { published.read(at: now()) }
}
