import ArgumentParser
import JobAPI

/// `ess job history ID`.
struct JobHistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show an execution's history: every status change and notable event, oldest first.",
        discussion: """
            Examples:
              ess job history 3
              ess job history --ex 7 --json
            """
    )

    @OptionGroup var target: JobTargetOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let entries = try MasterConnection.client().wholeHistory(target.target)
        if output.json { return try JSONOutput.print(entries) }
        print(entries.isEmpty ? "no history yet" : JobRenderer.historyTable(entries))
    }
}

/// `ess job errors ID`.
struct JobErrorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "errors",
        abstract: "List an execution's failed slices: slice, worker, exit code, attempts, the reason and the end of its stderr.",
        discussion: """
            `--json` gives each slice's whole stderr tail and its input.

            Examples:
              ess job errors 3
              ess job errors --ex 7 --from 100 --size 100 --json
            """
    )

    @OptionGroup var target: JobTargetOptions

    @Option(help: "Skip this many failed slices (by index).")
    var from = 0

    @Option(help: "At most this many failed slices (1 to 1000).")
    var size = 100

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard from >= 0 else { throw ValidationError("--from takes a number of slices from 0, not \(from)") }
        guard (1...1000).contains(size) else { throw ValidationError("--size takes 1 to 1000, not \(size)") }
    }

    func run() throws {
        let slices = try MasterConnection.client().errors(target.target, from: from, size: size)
        if output.json { return try JSONOutput.print(slices) }
        print(slices.isEmpty ? "no failed slices" : JobRenderer.errorsTable(slices))
        if slices.count == size { print("(more may follow: --from \(from + size))") }
    }
}
