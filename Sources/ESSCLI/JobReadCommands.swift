import ArgumentParser
import ESSCore
import JobAPI
import JobClient

/// `ess job list [--status S]`.
struct JobListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the master's jobs with their latest execution's status.",
        discussion: """
            Examples:
              ess job list
              ess job list --status failed --json
            """
    )

    @Option(help: ArgumentHelp("Only jobs whose latest execution has this status (running, failed, …).", valueName: "S"))
    var status: String?

    @OptionGroup var output: OutputOptions

    func validate() throws { try StatusArgument.check(status.map { [$0] } ?? []) }

    func run() throws {
        let client = try MasterConnection.client()
        var jobs: [JobDocument] = []
        let page = 1000
        while true {
            let batch = try client.jobs(from: jobs.count, size: page)
            jobs += batch
            if batch.count < page { break }
        }
        if let status { jobs = jobs.filter { $0._status == status } }
        if output.json { return try JSONOutput.print(jobs) }
        print(jobs.isEmpty ? "no jobs" + (status.map { " with status \($0)" } ?? "") : JobRenderer.jobsTable(jobs))
    }
}

/// `ess job status ID`.
struct JobStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show a job's latest execution (or one execution): its id, status and progress (0–1).",
        discussion: """
            Examples:
              ess job status 3
              ess job status --ex 7 --json
            """
    )

    @OptionGroup var target: JobTargetOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try JobLookup.latest(MasterConnection.client(), target.target).show(
            json: output.json, execution: { JobRenderer.statusTable([$0]) },
            stored: { "job \($0.job_id) is stored and was never started; start it with `ess job start \($0.job_id)`" })
    }
}

/// `ess job show ID`.
struct JobShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show an execution in full: spec, variables, timings, slice counts by state, workers active.",
        discussion: """
            Examples:
              ess job show 3
              ess job show --ex 7 --json
            """
    )

    @OptionGroup var target: JobTargetOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try JobLookup.latest(MasterConnection.client(), target.target).show(
            json: output.json, execution: { JobRenderer.details($0) }, stored: { JobRenderer.details($0) })
    }
}

/// A job's latest execution, or the job itself when it was stored and never started.
enum JobLookup {
    enum Found {
        case execution(ExecutionDocument)
        case stored(JobDocument)

        /// Prints the document as JSON, or as the renderer for its kind words it.
        func show(json: Bool, execution: (ExecutionDocument) -> String, stored: (JobDocument) -> String) throws {
            switch self {
            case .execution(let ex): json ? try JSONOutput.print(ex) : print(execution(ex))
            case .stored(let job): json ? try JSONOutput.print(job) : print(stored(job))
            }
        }
    }

    static func latest(_ client: MasterClient, _ target: JobTarget) throws -> Found {
        do {
            return .execution(try client.execution(target))
        } catch JobClientError.api(404, let error, let method, let path) {
            // No execution: is there a job at all? Its own 404 says there is not.
            guard case .job(let id) = target else { throw JobClientError.api(status: 404, error: error, method: method, path: path) }
            let job = try client.job(id)
            guard job.ex_id == nil else { throw JobClientError.api(status: 404, error: error, method: method, path: path) }
            return .stored(job)
        }
    }

    /// The id of the target's execution (a job's latest), for the routes under `/v1/ex/{ex_id}`.
    static func executionID(_ client: MasterClient, _ target: JobTarget) throws -> (jobID: String, exID: String) {
        switch try latest(client, target) {
        case .execution(let ex): return (ex.job_id, ex.ex_id)
        case .stored(let job):
            throw ESSError(.failure, "job \(job.job_id) was stored and never started, so it has no execution; start it with `ess job start \(job.job_id)`")
        }
    }
}
