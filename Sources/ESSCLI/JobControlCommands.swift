import ArgumentParser
import JobAPI
import JobClient

/// `ess job stop ID [--timeout S]`.
struct JobStopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop",
        abstract: "Stop an execution: no new slices; in-flight ones get TERM, then KILL after the timeout; workers are freed.",
        discussion: """
            Examples:
              ess job stop 3
              ess job stop --ex 7 --timeout 30
            """
    )

    @OptionGroup var target: JobTargetOptions

    @Option(help: ArgumentHelp("Seconds between TERM and KILL for in-flight slices (the master's default when not given).", valueName: "S"))
    var timeout: Double?

    @OptionGroup var output: OutputOptions

    func validate() throws { try SecondsArgument.check(timeout, flag: "--timeout") }

    func run() throws {
        try JobControlOutput.show(try MasterConnection.client().stop(target.target, timeout: timeout), json: output.json)
    }
}

/// `ess job pause ID`.
struct JobPauseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pause",
        abstract: "Pause an execution: no new slices start, in-flight ones finish, workers are held.",
        discussion: "Example:\n  ess job pause 3; ess job resume 3"
    )

    @OptionGroup var target: JobTargetOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try JobControlOutput.show(try MasterConnection.client().pause(target.target), json: output.json)
    }
}

/// `ess job resume ID`.
struct JobResumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Resume a paused execution: slicing goes on.",
        discussion: "Example:\n  ess job resume 3"
    )

    @OptionGroup var target: JobTargetOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try JobControlOutput.show(try MasterConnection.client().resume(target.target), json: output.json)
    }
}

/// `ess job start ID [--var NAME=VALUE]…`.
struct JobStartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start a new execution of a stored job, with variables overriding its spec's.",
        discussion: """
            Examples:
              ess job start 3
              ess job start 3 --var DAY=2026-12-02
              ess job start 3 --cluster 2
            """
    )

    @OptionGroup var job: JobIDArgument
    @OptionGroup var variables: VariableOptions
    @OptionGroup var cluster: ClusterChoice
    @OptionGroup var output: OutputOptions

    func run() throws {
        try JobControlOutput.show(try MasterConnection.client().start(job: job.id, variables: variables.pairs, clusterID: cluster.id), json: output.json)
    }
}

/// `ess job recover ID [--cleanup errors|pending|all]`.
struct JobRecoverCommand: ParsableCommand {
    enum Cleanup: String, ExpressibleByArgument, CaseIterable {
        case errors, pending, all
    }

    static let configuration = CommandConfiguration(
        commandName: "recover",
        abstract: "Start a new execution that replays what the last one did not complete, then goes on.",
        discussion: """
            With --cleanup it replays only that set of slices and ends (errors: the failed ones; \
            pending: those never finished; all: both). It works on a stopped execution too.

            Examples:
              ess job recover 3
              ess job recover 3 --cleanup errors
            """
    )

    @OptionGroup var target: JobTargetOptions

    @Option(help: ArgumentHelp("Replay only these slices, then end.", valueName: "errors|pending|all"))
    var cleanup: Cleanup?

    @OptionGroup var output: OutputOptions

    func run() throws {
        try JobControlOutput.show(try MasterConnection.client().recover(target.target, cleanup: cleanup?.rawValue), json: output.json)
    }
}

/// `ess job delete ID`.
struct JobDeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete a stored job and its executions' records; only when none of them runs.",
        discussion: "Example:\n  ess job delete 3"
    )

    @OptionGroup var job: JobIDArgument
    @OptionGroup var output: OutputOptions

    func run() throws {
        let deleted = try MasterConnection.client().delete(job: job.id)
        if output.json { return try JSONOutput.print(deleted) }
        print("job \(deleted.job_id) (\(deleted.name)) deleted")
    }
}

/// What the control verbs print.
enum JobControlOutput {
    static func show(_ answer: ControlAnswer, json: Bool) throws {
        if json { return try JSONOutput.print(answer) }
        print("job \(answer.job_id), execution \(answer.ex_id): \(answer.status)")
    }

    static func show(_ answer: SubmitAnswer, json: Bool) throws {
        if json { return try JSONOutput.print(answer) }
        print("job \(answer.job_id), execution \(answer.ex_id ?? "-")")
    }
}
