import Foundation
import JobModel

/// What an execution's controller publishes for other threads after each flush: its status,
/// slice counts, workers and timings, so statistics never wait for the controller's thread.
public struct ExecutionSnapshot: Sendable, Equatable {
    public var status: ExecutionStatus
    public var counts: SliceCounts
    /// Every slice the execution will have; nil while not known (until the slicer has made
    /// them all, for inputs whose size only their end tells).
    public var total: Int?
    /// The slicer has made every slice.
    public var slicerFinished: Bool
    /// Each connected worker's slots.
    public var slots: [String: Int]
    /// Each connected worker's slices in flight.
    public var busy: [String: Int]
    /// Workers whose connection failed.
    public var lost: Set<String>
    public var startedAt: Date?
    /// When the slicer made its last slice.
    public var queuingCompleteAt: Date?
    /// Slices completed per second over the last seconds (0 when idle).
    public var rate: Double

    public init(
        status: ExecutionStatus, counts: SliceCounts, total: Int? = nil, slicerFinished: Bool = false, slots: [String: Int] = [:], busy: [String: Int] = [:],
        lost: Set<String> = [], startedAt: Date? = nil, queuingCompleteAt: Date? = nil, rate: Double = 0
    ) {
        self.status = status
        self.counts = counts
        self.total = total
        self.slicerFinished = slicerFinished
        self.slots = slots
        self.busy = busy
        self.lost = lost
        self.startedAt = startedAt
        self.queuingCompleteAt = queuingCompleteAt
        self.rate = rate
    }
}

/// The latest snapshot of one execution behind a lock, and the completions of the last seconds
/// from which its rate is read. Written by the controller's thread, read by any.
public final class PublishedSnapshot: @unchecked Sendable {
    /// How far back the rate looks.
    static let window: TimeInterval = 10
    private let lock = NSLock()
    private var latest: ExecutionSnapshot?
    private var samples: [(at: Date, completed: Int)] = []

    func update(_ next: ExecutionSnapshot, at now: Date) {
        lock.withLock {
            var next = next
            next.startedAt = latest?.startedAt ?? next.startedAt
            if next.startedAt == nil, next.status.group != .initial { next.startedAt = now }
            next.queuingCompleteAt = latest?.queuingCompleteAt ?? (next.slicerFinished ? now : nil)
            latest = next
            samples.append((now, next.counts.completed))
            if let cut = samples.firstIndex(where: { now.timeIntervalSince($0.at) <= Self.window }), cut > 1 {
                samples.removeFirst(cut - 1)
            }
        }
    }

    /// The latest snapshot with its rate as of `now` (completions since the oldest sample kept,
    /// so an idle execution's rate decays); nil before the first flush.
    public func read(at now: Date = Date()) -> ExecutionSnapshot? {
        lock.withLock {
            guard var snapshot = latest, let base = samples.first, let last = samples.last else { return latest }
            let span = now.timeIntervalSince(base.at)
            snapshot.rate = span >= 0.5 ? Double(last.completed - base.completed) / span : 0
            return snapshot
        }
    }
}
