import Foundation
import JobModel

/// What `submit`, `start` and `recover` made: the job and, when one was started, its execution.
public struct Submitted: Sendable, Equatable {
    public var jobID: Int64
    public var exID: Int64?

    public init(jobID: Int64, exID: Int64?) {
        self.jobID = jobID
        self.exID = exID
    }
}

/// Why the master refused a request, as facts; the server words them.
public enum JobMasterError: Error, Sendable, Equatable {
    /// The master is shutting down and starts nothing new.
    case shuttingDown
    /// The job has no execution yet (stored with `start=false`).
    case noExecution(jobID: Int64)
    /// A control request the execution's status forbids.
    case refused(request: String, exID: Int64, status: ExecutionStatus)
}

/// One execution's statistics as facts (the server gives them Teraslice's names).
public struct ExecutionStatistics: Sendable, Equatable {
    public var exID: Int64
    public var jobID: Int64
    public var name: String
    public var status: ExecutionStatus
    public var counts: SliceCounts
    /// Every slice the execution will have; nil until the slicer has made them all.
    public var total: Int?
    /// Connected workers, not lost.
    public var workersJoined: Int
    /// Workers with a slice in flight.
    public var workersActive: Int
    /// Connected workers with a free slot.
    public var workersAvailable: Int
    /// Workers whose connection failed.
    public var workersDisconnected: Int
    /// Slices completed per second over the last seconds.
    public var rate: Double
    public var etaSeconds: Double?
    public var startedAt: Date?
    public var queuingCompleteAt: Date?
    /// When it ended; nil while it runs.
    public var endedAt: Date?

    /// Completed and failed slices over all of them; 0 while the total is unknown.
    public var progress: Double {
        guard let total, total > 0 else { return total == 0 ? 1 : 0 }
        return min(1, Double(counts.completed + counts.failed) / Double(total))
    }
}

/// One node of the cluster and what runs on it (`GET /v1/cluster/state`).
public struct NodeUse: Sendable, Equatable {
    /// `connected` while an execution holds a connection to it, `lost` after its connection
    /// failed, `idle` otherwise.
    public enum State: String, Sendable {
        case connected, idle, lost
    }

    /// One execution's slices on the node.
    public struct Assignment: Sendable, Equatable {
        public var exID: Int64
        public var jobID: Int64
        public var slices: Int

        public init(exID: Int64, jobID: Int64, slices: Int) {
            self.exID = exID
            self.jobID = jobID
            self.slices = slices
        }
    }

    public var node: WorkerNode
    public var state: State
    /// Its slots (the most any execution gives it, else the node's own).
    public var total: Int
    /// Slices in flight on it, over every execution.
    public var busy: Int
    public var active: [Assignment]

    public var available: Int { max(0, total - busy) }
}
