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
    /// Its command exited non-zero, or could not be started.
    case failed(exitCode: Int32?, reason: String)
    /// It ran longer than the job's `slice_timeout`.
    case timedOut(seconds: Double)
    /// Its worker stopped answering: not the slice's fault, no retry is used.
    case workerLost
    /// The execution is stopping or the master shutting down: back to pending for a later recover.
    case abandoned
}

/// What the controller must do after a slice event.
public enum SliceAction: Sendable, Equatable {
    case none
    /// Commit the slice's output (temp file, rename) and mark it completed, in one step.
    case commitOutput
    /// Queue it again, on another worker than `avoiding` where there is one.
    case retry(avoiding: String?, attempt: Int)
    /// Queue it again without using a retry.
    case requeue(avoiding: String?)
    /// Record the error for good (slice, worker, exit code, stderr tail).
    case recordError(exitCode: Int32?, reason: String)
}

/// The life of one slice: `pending → start → completed | error`, with retries. Pure; the
/// execution controller performs its actions and reports the outcome to `ExecutionLifecycle`.
public struct SliceLifecycle: Sendable, Equatable {
    public private(set) var state: SliceState
    /// Attempts started so far (a requeue after a lost worker does not count).
    public private(set) var attempts: Int
    /// Retries allowed after the first attempt.
    public let retries: Int
    public private(set) var worker: String?

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
            return .none
        case (.start, .succeeded):
            state = .completed
            return .commitOutput
        case (.start, .failed(let code, let reason)):
            return failAttempt(exitCode: code, reason: reason)
        case (.start, .timedOut(let seconds)):
            return failAttempt(exitCode: nil, reason: "timed out after \(Self.format(seconds)) s")
        case (.start, .workerLost), (.start, .abandoned):
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
            return .retry(avoiding: worker, attempt: attempts + 1)
        }
        state = .error
        return .recordError(exitCode: exitCode, reason: reason)
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
