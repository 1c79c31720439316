/// Where a slice is, with Teraslice's names.
public enum SliceState: String, Codable, Sendable, CaseIterable {
    case pending
    case start
    case completed
    case error

    public var isFinal: Bool { self == .completed || self == .error }
}

/// Something that happened to one slice.
public enum SliceEvent: Sendable, Equatable {
    /// Handed to a worker.
    case dispatched(worker: String)
    /// Its command exited 0 (and its output, if any, was fetched).
    case succeeded
    /// Its output was committed (after `commitOutput`).
    case committed
    /// Its output could not be committed (after `commitOutput`): the attempt failed.
    case commitFailed(reason: String)
    /// Its command exited non-zero, or could not be started.
    case failed(exitCode: Int32?, reason: String)
    /// It ran longer than the job's `slice_timeout`.
    case timedOut(seconds: Double)
    /// Its worker stopped answering: not the slice's fault, no retry is used.
    case workerLost
    /// The execution is stopping or the master shutting down: back to pending for a later recover.
    case abandoned
}

/// What the caller must do after a slice event; it performs the action as returned.
public enum SliceAction: Sendable, Equatable {
    case none
    /// Start attempt `attempt` on `worker`, and record the slice as started there.
    case start(worker: String, attempt: Int)
    /// Commit the attempt's output (appended to a segment), then report `committed` or `commitFailed`.
    case commitOutput
    /// Record the slice as completed.
    case recordCompleted
    /// Record the failed attempt (`exitCode`, `reason`) and queue the slice again, on another
    /// worker than `avoiding` where there is one, for attempt `attempt`.
    case retry(avoiding: String?, attempt: Int, exitCode: Int32?, reason: String)
    /// Queue it again without using a retry.
    case requeue(avoiding: String?)
    /// Record the error for good (slice, worker, exit code, stderr tail).
    case recordError(exitCode: Int32?, reason: String)
}

/// The life of one slice: `pending → start → completed | error`, with retries. Pure; the
/// execution's schedule performs its actions and reports the outcome to `ExecutionLifecycle`.
/// A slice that succeeded stays `start` until its output is committed: only then is it
/// `completed`, and a commit that fails is a failed attempt like any other.
public struct SliceLifecycle: Sendable, Equatable {
    public private(set) var state: SliceState
    /// Attempts started so far (a requeue after a lost worker does not count).
    public private(set) var attempts: Int
    /// Retries allowed after the first attempt.
    public let retries: Int
    public private(set) var worker: String?
    /// It succeeded and its output is being committed.
    public private(set) var committing = false

    public init(state: SliceState = .pending, attempts: Int = 0, retries: Int) {
        self.state = state
        self.attempts = attempts
        self.retries = max(0, retries)
    }

    @discardableResult
    public mutating func handle(_ event: SliceEvent) -> SliceAction {
        switch (state, event) {
        case (.pending, .dispatched(let worker)):
            state = .start
            attempts += 1
            self.worker = worker
            return .start(worker: worker, attempt: attempts)
        case (.start, .succeeded) where !committing:
            committing = true
            return .commitOutput
        case (.start, .committed) where committing:
            committing = false
            state = .completed
            return .recordCompleted
        case (.start, .commitFailed(let reason)) where committing:
            committing = false
            return failAttempt(exitCode: nil, reason: "its output could not be committed: \(reason)")
        case (.start, .failed(let code, let reason)) where !committing:
            return failAttempt(exitCode: code, reason: reason)
        case (.start, .timedOut(let seconds)) where !committing:
            return failAttempt(exitCode: nil, reason: "timed out after \(seconds) s")
        case (.start, .workerLost) where !committing, (.start, .abandoned) where !committing:
            state = .pending
            attempts -= 1
            return .requeue(avoiding: event == .workerLost ? worker : nil)
        default:
            return .none
        }
    }

    private mutating func failAttempt(exitCode: Int32?, reason: String) -> SliceAction {
        if attempts <= retries {
            state = .pending
            return .retry(avoiding: worker, attempt: attempts + 1, exitCode: exitCode, reason: reason)
        }
        state = .error
        return .recordError(exitCode: exitCode, reason: reason)
    }
}
