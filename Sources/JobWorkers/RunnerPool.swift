import Foundation
import SSH

/// A connection's slot runners: up to one per slot of the execution using it, opened as slices
/// need them and kept with the connection (`WorkerSession`) for the next execution. A node that allows fewer sessions than that (`ChannelGate.learnedLimit`) keeps one
/// less runner than it allows, so commands of their own (ending a slice, fetching, listing)
/// still get a channel; runners beyond retire when their slice ends. A node whose runners keep
/// ending before running a slice gets none: its slices run on channels of their own.
final class RunnerPool: @unchecked Sendable {
    private let mux: ChannelMux
    private let gate: ChannelGate
    /// The synced software's folder the runners put first on their PATH.
    let current: String
    private let lock = NSLock()
    private var slotCount = 1
    private var idle: [SlotRunner] = []
    /// The runners counted against the target: open or opening, not retired.
    private var members: Set<ObjectIdentifier> = []
    private var failures = 0
    private var disabled = false
    private var closed = false
    /// Runners that ended before running anything, after which a worker gets none.
    static let failureLimit = 3

    init(mux: ChannelMux, gate: ChannelGate, current: String) {
        self.mux = mux
        self.gate = gate
        self.current = current
    }

    /// Runners wanted: the slots of the execution using the connection now. Idle runners beyond
    /// retire as they are next heard from, or when `slots` is lowered.
    var slots: Int {
        get { lock.withLock { slotCount } }
        set {
            let extra: [SlotRunner] = lock.withLock {
                slotCount = max(1, newValue)
                let over = max(0, members.count - target)
                let retired = Array(idle.suffix(over))
                idle.removeLast(retired.count)
                for runner in retired { members.remove(ObjectIdentifier(runner)) }
                return retired
            }
            for runner in extra { runner.retire() }
        }
    }

    /// Runners waiting for a slice.
    var idleCount: Int { lock.withLock { idle.count } }

    /// Runners the node can keep now (called under `lock`).
    private var target: Int {
        guard let limit = gate.learnedLimit else { return slotCount }
        return min(slotCount, max(0, limit - 1))
    }

    /// Sends `request` for `slice` to an idle runner, or a new one; false when there is none to
    /// be had (the slice then takes a channel of its own).
    func start(_ request: String, for slice: any RunnerClient) -> Bool {
        let (runner, fresh): (SlotRunner?, Bool) = lock.withLock {
            guard !disabled, !closed else { return (nil, false) }
            if let runner = idle.popLast() { return (runner, false) }
            guard members.count < target else { return (nil, false) }
            let runner = SlotRunner(mux: mux) { [weak self] runner, report in self?.heard(report, from: runner) }
            members.insert(ObjectIdentifier(runner))
            return (runner, true)
        }
        guard let runner else { return false }
        if fresh { runner.open(through: gate, command: WorkerScripts.runner(token: runner.token, current: current)) }
        runner.send(request, for: slice)
        return true
    }

    private func heard(_ report: SlotRunner.Report, from runner: SlotRunner) {
        let retire: Bool = lock.withLock {
            switch report {
            case .idle:
                guard !closed, members.count <= target else {
                    members.remove(ObjectIdentifier(runner))
                    return true
                }
                idle.append(runner)
                return false
            case .gone(let useless):
                idle.removeAll { $0 === runner }
                members.remove(ObjectIdentifier(runner))
                if useless { failures += 1 }
                if failures >= Self.failureLimit { disabled = true }
                return false
            }
        }
        if retire { runner.retire() }
    }

    /// Has a runner (an idle one, else a new one) run `request` (a ping, `RunnerErrand.ping`, or
    /// a short command that starts nothing of a slice) and returns its exit code: 0 from a ping
    /// proves the connection answers; `.some(nil)` when no code came within `seconds` (or the
    /// runner ended), nil when no runner could be had.
    func answer(_ request: String, seconds: Double) -> Int32?? {
        let answer = PingAnswer()
        guard start(request, for: RunnerErrand { answer.code = $0 }) else { return nil }
        return .some(answer.wait(seconds: seconds))
    }

    /// Removes an execution's folder with an idle runner (no session or login shell to start
    /// for it) and calls `done` once it is gone (or the runner ended); false when none is idle
    /// (the caller sends the command on a channel of its own).
    func remove(_ folder: String, done: @escaping @Sendable () -> Void) -> Bool {
        let runner: SlotRunner? = lock.withLock { closed ? nil : idle.popLast() }
        guard let runner else { return false }
        let request = WorkerScripts.request(WorkerScripts.remove(folder), tag: "rm-0", folder: ".", output: .none)
        runner.send(request, for: RunnerErrand { _ in done() })
        return true
    }

    /// Ends the idle runners, keeping the pool open: an execution whose slices all take channels
    /// of their own (standard input) must not leave them holding the node's sessions.
    func retireIdle() {
        let idle: [SlotRunner] = lock.withLock {
            defer { self.idle = [] }
            for runner in self.idle { members.remove(ObjectIdentifier(runner)) }
            return self.idle
        }
        for runner in idle { runner.retire() }
    }

    /// Ends every idle runner (their inputs end); busy ones end with the connection.
    func close() {
        let all: [SlotRunner] = lock.withLock {
            closed = true
            defer { idle = [] }
            return idle
        }
        for runner in all { runner.retire() }
    }
}

/// A ping's exit code, handed from the mux's thread to the waiting one.
private final class PingAnswer: @unchecked Sendable {
    private let condition = NSCondition()
    private var value: Int32??

    var code: Int32? {
        get { condition.withLock { value ?? nil } }
        set {
            condition.withLock {
                value = .some(newValue)
                condition.broadcast()
            }
        }
    }

    /// The code, or nil when none came within `seconds` (or the runner ended).
    func wait(seconds: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        return condition.withLock {
            while value == nil {
                if !condition.wait(until: deadline) { return nil }
            }
            return value ?? nil
        }
    }
}
