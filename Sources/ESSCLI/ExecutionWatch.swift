import ESSCore
import Foundation
import JobAPI
import JobClient
import JobModel
import Platform

/// Follows one execution until it ends: a live progress line on a terminal (redrawn in place),
/// plain lines otherwise. Ctrl-C stops the watching, never the execution.
struct ExecutionWatch {
    var client: MasterClient
    var jobID: String
    var exID: String

    /// The execution as it ended; throws an `ESSError` of kind `.interrupted` (130) after Ctrl-C
    /// (`cancellation`, trapped by the caller before it printed anything a user could answer
    /// with Ctrl-C, and untrapped here), saying how to follow or stop it.
    func run(_ cancellation: CancellationFlag) throws -> ExecutionDocument {
        defer { cancellation.untrap() }
        let terminal = isatty(STDERR_FILENO) == 1
        let sink = TerminalSink(quiet: false)
        defer { sink.endProgress() }
        let interval = terminal ? 0.5 : 2.0
        // A short execution ends within milliseconds: the master is asked again after 10 ms,
        // then twice as long each time up to `interval`; a progress line at most every `interval`.
        var delay = Self.firstPoll
        var lastLine: Date?
        while true {
            let ex = try read(cancellation)
            if ExecutionStatus(rawValue: ex._status)?.isTerminal == true { return ex }
            if lastLine.map({ Date().timeIntervalSince($0) >= interval }) ?? true {
                sink.progress(JobProgressLine.render(ex))
                lastLine = Date()
            }
            guard cancellation.sleep(delay) else {
                sink.endProgress()
                throw ESSError(
                    .interrupted,
                    "stopped watching; job \(jobID) (execution \(exID)) goes on: `ess job status \(jobID)` shows it, `ess job stop \(jobID)` stops it")
            }
            delay = min(delay * 2, interval)
        }
    }

    /// The first wait before asking the master again.
    static let firstPoll = 0.01

    /// The execution now; a master that stopped answering (restarting) is tried again for a few
    /// seconds with backoff before its error ends the watch.
    private func read(_ cancellation: CancellationFlag) throws -> ExecutionDocument {
        var delays = ExponentialBackoff.restarting.delays(within: 6)[...]
        while true {
            do {
                return try client.execution(.execution(exID))
            } catch JobClientError.unreachable(let master, let transport) {
                guard let delay = delays.popFirst(), cancellation.sleep(delay) else {
                    throw JobClientError.unreachable(master: master, transport: transport)
                }
            }
        }
    }
}
