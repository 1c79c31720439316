import Foundation
import SSH

/// A worker's slot runners: up to one per slot, opened as slices need them and kept for the
/// execution. A node that allows fewer sessions than that (`ChannelGate.learnedLimit`) keeps one
/// less runner than it allows, so commands of their own (ending a slice, fetching, listing)
/// still get a channel; runners beyond retire when their slice ends. A node without `setsid`,
/// or that would not keep a runner, gets none: its slices run on channels of their own.
final class RunnerPool: @unchecked Sendable {
    private let mux: ChannelMux
    private let gate: ChannelGate
    private let scripts: WorkerScripts
    private let slots: Int
    private let lock = NSLock()
    private var idle: [SlotRunner] = []
    /// The runners counted against the target: open or opening, not retired.
    private var members: Set<ObjectIdentifier> = []
    private var failures = 0
    private var disabled = false
    private var closed = false
    /// Runners that ended before running anything, after which a worker gets none.
    static let failureLimit = 3

    init(mux: ChannelMux, gate: ChannelGate, scripts: WorkerScripts, slots: Int) {
        self.mux = mux
        self.gate = gate
        self.scripts = scripts
        self.slots = slots
    }

    /// Runners the node can keep now.
    private var target: Int {
        guard let limit = gate.learnedLimit else { return slots }
        return min(slots, max(0, limit - 1))
    }

    /// Sends `request` for `slice` to an idle runner, or a new one; false when there is none to
    /// be had (the slice then takes a channel of its own).
    func start(_ request: String, for slice: RemoteSlice) -> Bool {
        let (runner, fresh): (SlotRunner?, Bool) = lock.withLock {
            guard !disabled, !closed else { return (nil, false) }
            if let runner = idle.popLast() { return (runner, false) }
            guard members.count < target else { return (nil, false) }
            let runner = SlotRunner(mux: mux) { [weak self] runner, report in self?.heard(report, from: runner) }
            members.insert(ObjectIdentifier(runner))
            return (runner, true)
        }
        guard let runner else { return false }
        if fresh { runner.open(through: gate, scripts: scripts) }
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
            case .gone(let refused, let unsupported):
                idle.removeAll { $0 === runner }
                members.remove(ObjectIdentifier(runner))
                if unsupported || refused { failures += 1 }
                if unsupported || failures >= Self.failureLimit { disabled = true }
                return false
            }
        }
        if retire { runner.retire() }
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
