/// Something that happened to a node.
public enum NodeEvent: Sendable, Equatable {
    /// The provider accepted the launch request.
    case launchAccepted
    /// The provider reported this state (already mapped to a neutral state).
    case providerReported(NodeState)
    /// The node answered SSH and authenticated us, showing this host key.
    case sshAnswered(hostKey: PinnedHostKey)
    /// SSH failed for a reason that will not pass by waiting (wrong key, changed host key).
    case sshRefused(reason: String)
    /// SSH did not answer within `waited` seconds; `lastError` is the last transient failure seen.
    case sshTimedOut(waited: Int, lastError: String)
    /// A one-off check (`status`) got no answer; the node may be up at the provider but is not reachable now.
    case sshUnanswered(reason: String)
    /// Someone asks whether the node answers now (`status`).
    case checkRequested
    /// We asked the provider to start the node (`start`); it should run and answer again.
    case startRequested
    /// We asked the provider to terminate the node.
    case terminateRequested
    /// We asked the provider to stop the node.
    case stopRequested
}

/// What the caller should do after a transition.
public enum NodeAction: Sendable, Equatable {
    /// Nothing to do.
    case none
    /// Probe SSH on the node (wait for it, or check it once).
    case probeSSH
    /// Pin this host key, unless the node has one already (then it was checked against it).
    case pinHostKey(PinnedHostKey)
    /// Record the failure and stop waiting on this node.
    case giveUp(reason: String)
    /// Forget the node: it is gone.
    case forget
}

/// The life of one node as an explicit state machine: events go in, a new state
/// and an action come out; no I/O happens here. `NodeDriver` performs the actions.
public struct NodeLifecycle: Sendable, Equatable {
    public private(set) var state: NodeState
    public private(set) var failure: String?

    public init(state: NodeState = .requested) {
        self.state = state
    }

    /// Applies an event and says what to do next. Events that make no sense in the
    /// current state (a late `pending` after `reachable`, say) leave the state alone.
    @discardableResult
    public mutating func handle(_ event: NodeEvent) -> NodeAction {
        switch (state, event) {
        case (.requested, .launchAccepted):
            state = .pending
            return .none

        case (_, .providerReported(let reported)):
            return apply(reported)

        case (.running, .sshAnswered(let key)), (.pending, .sshAnswered(let key)), (.reachable, .sshAnswered(let key)):
            state = .reachable
            return .pinHostKey(key)

        case (.running, .sshRefused(let reason)), (.pending, .sshRefused(let reason)), (.reachable, .sshRefused(let reason)):
            state = .failed
            failure = reason
            return .giveUp(reason: reason)

        case (.running, .sshTimedOut(let waited, let last)), (.pending, .sshTimedOut(let waited, let last)):
            // Unlike a refusal, silence may pass (a slow boot): stop waiting, but the node stays
            // `running`, so that a later `status` checks it again.
            state = .running
            failure = "no SSH answer within \(waited) s; last: \(last)"
            return .giveUp(reason: failure ?? "")

        case (.reachable, .sshUnanswered):
            // Up at the provider, not answering now: known running, no longer known reachable.
            state = .running
            return .none

        case (let current, .checkRequested) where current.isUp:
            return .probeSSH

        case (let current, .startRequested) where [.stopped, .stopping, .running, .reachable, .pending].contains(current):
            // Wait for the provider to report it running, then for SSH, whatever was known before.
            state = .pending
            return .none

        case (let current, .terminateRequested) where !current.isFinal:
            state = .terminating
            return .none

        case (let current, .stopRequested) where current.isUp || current == .pending:
            state = .stopping
            return .none

        default:
            return .none
        }
    }

    private mutating func apply(_ reported: NodeState) -> NodeAction {
        switch (state, reported) {
        case (_, .terminated):
            state = .terminated
            return .forget
        case (.terminating, _):
            // Only `terminated` moves a terminating node on; anything else is a stale report.
            return .none
        case (.reachable, .running):
            // The provider says running; we already know more.
            return .none
        case (.requested, .running), (.pending, .running), (.stopped, .running), (.stopping, .running):
            state = .running
            return .probeSSH
        case (.failed, _):
            return .none
        case (_, .reachable):
            // Providers never report reachability; ignore a confused table.
            return .none
        default:
            state = reported
            return .none
        }
    }
}
