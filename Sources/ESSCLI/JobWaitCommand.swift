import ArgumentParser
import ESSCore
import JobAPI
import JobClient

/// `ess job wait ID [--status S]… [--timeout S]`, as `teraslice-cli jobs await`.
struct JobWaitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wait",
        abstract: "Block until an execution reaches one of the statuses (default: completed).",
        discussion: """
            Polls with exponential backoff (a quarter second, doubling, at most 5 s apart). Exits 0 \
            when a status asked for is reached; 1 with a sentence when the timeout passes or the \
            execution ends in a status not asked for.

            Examples:
              ess job wait 3
              ess job wait 3 --status completed --status stopped --timeout 600
              ess job wait --ex 7 --status paused
            """
    )

    @OptionGroup var target: JobTargetOptions

    @Option(name: .customLong("status"), help: ArgumentHelp("A status to wait for; repeat for more.", valueName: "S"))
    var statuses: [String] = []

    @Option(help: ArgumentHelp("Give up after this many seconds (default: wait as long as it takes).", valueName: "S"))
    var timeout: Double?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        try StatusArgument.check(statuses)
        try SecondsArgument.check(timeout, flag: "--timeout")
    }

    func run() throws {
        let client = try MasterConnection.client()
        let wanted = Set(statuses.isEmpty ? ["completed"] : statuses)
        var last: ExecutionDocument?
        let outcome = try StatusWaiter(wanted: wanted, timeout: timeout).wait {
            let ex = try client.execution(target.target)
            last = ex
            return ex._status
        }
        if output.json, let last { try JSONOutput.print(last) }
        let name = last.map { "execution \($0.ex_id) of job \($0.job_id)" } ?? "\(target.target)"
        switch outcome {
        case .reached(let status):
            if !output.json { print("\(name) is \(status)") }
        case .endedElsewhere(let status):
            let reason = last?._failureReason.map { " (\($0))" } ?? ""
            throw ESSError(.failure, "\(name) ended \(status)\(reason), not \(Self.list(wanted)); it will not change again")
        case .timedOut(let status, let after):
            throw ESSError(.failure, "\(name) is still \(status ?? "unknown") after \(MasterClient.secondsText(after)) s, not \(Self.list(wanted)); wait longer with --timeout")
        }
    }

    static func list(_ statuses: Set<String>) -> String {
        let sorted = statuses.sorted()
        return sorted.count == 1 ? sorted[0] : sorted.dropLast().joined(separator: ", ") + " or " + sorted.last!
    }
}
