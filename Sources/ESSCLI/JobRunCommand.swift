import ArgumentParser
import ESSCore
import Foundation
import JobAPI
import JobClient
import Platform

/// `ess job run SPEC`: submit a job spec to the master and, unless `--detach`, follow it.
struct JobRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Submit a job spec (JSON) and run it; follow its progress until it ends.",
        discussion: """
            Prints the job's id and its execution's id, then (without --detach) a live progress \
            line on stderr: slices done of all, rate, time left, failures. Ctrl-C stops watching, \
            not the job. Exits 0 when the execution completed, 1 when it failed or was stopped. \
            The spec's fields are described in the README ("Jobs"); a bad field is refused with \
            its name and nothing is stored.

            Examples:
              ess job run conf/job.json
              ess job run job.json --var DAY=2026-12-01 --detach
              ess job run job.json --no-start     # store it; `ess job start ID` runs it
              ess job run job.json --cluster 2    # on the master's API cluster 2
            """
    )

    @Argument(help: ArgumentHelp("The job spec: a JSON file (- reads standard input).", valueName: "SPEC"))
    var spec: String

    @OptionGroup var variables: VariableOptions
    @OptionGroup var cluster: ClusterChoice

    @Flag(help: "Print the ids and return at once; the job goes on in the master.")
    var detach = false

    @Flag(name: .customLong("no-start"), help: "Store the job without starting it.")
    var noStart = false

    @OptionGroup var output: OutputOptions

    func run() throws {
        let body = try readSpec()
        let client = try MasterConnection.client()
        let answer = try client.submit(spec: body, variables: variables.pairs, start: !noStart, clusterID: cluster.id)
        guard let exID = answer.ex_id, !detach else {
            try show(answer)
            return
        }
        // Ctrl-C is trapped before the ids go out: one sent as soon as they are read stops the watch.
        let cancellation = CancellationFlag().trapInterrupt()
        if !output.json {
            // Written at once, not buffered until the watch ends: a pipe's reader may need the ids now.
            FileHandle.standardOutput.write(Data("job \(answer.job_id), execution \(exID)\n".utf8))
        }
        let ended = try ExecutionWatch(client: client, jobID: answer.job_id, exID: exID).run(cancellation)
        if output.json {
            try JSONOutput.print(ended)
        } else {
            print(Self.summary(ended))
        }
        guard ended._status == "completed" else {
            throw ESSError(.failure, Self.endedBadly(ended))
        }
    }

    private func show(_ answer: SubmitAnswer) throws {
        if output.json { return try JSONOutput.print(answer) }
        guard let exID = answer.ex_id else {
            print("job \(answer.job_id), stored; start it with `ess job start \(answer.job_id)`")
            return
        }
        print("job \(answer.job_id), execution \(exID)")
        FileHandle.standardError.write(Data("ess: follow it with `ess job status \(answer.job_id)` or `ess job wait \(answer.job_id)`; stop it with `ess job stop \(answer.job_id)`\n".utf8))
    }

    private func readSpec() throws -> Data {
        if spec == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
        guard let data = FileManager.default.contents(atPath: spec) else {
            let why = FileManager.default.fileExists(atPath: spec) ? "cannot be read" : "does not exist"
            throw ESSError.usage("the job spec \(spec) \(why); give the path of a JSON job spec (see the README, \"Jobs\")")
        }
        return data
    }

    /// `execution 4 of job 3 completed: 1000 slices, 0 failed, in 12.3 s`.
    static func summary(_ ex: ExecutionDocument) -> String {
        let stats = ex._slicer_stats
        let took = JobRenderer.duration(ex).map { String(format: ", in %.1f s", $0) } ?? ""
        return "execution \(ex.ex_id) of job \(ex.job_id) \(ex._status): \(stats.processed) slices completed, \(stats.failed) failed\(took)"
    }

    static func endedBadly(_ ex: ExecutionDocument) -> String {
        let reason = ex._failureReason.map { " (\($0))" } ?? ""
        switch ex._status {
        case "failed" where ex._slicer_stats.failed > 0:
            return "execution \(ex.ex_id) failed\(reason); `ess job errors \(ex.job_id)` lists the failed slices, `ess job recover \(ex.job_id) --cleanup errors` runs them again"
        case "failed":
            return "execution \(ex.ex_id) failed\(reason); `ess job history \(ex.job_id)` shows what happened"
        case "stopped":
            return "execution \(ex.ex_id) was stopped\(reason); `ess job recover \(ex.job_id)` goes on from where it stopped"
        default:
            return "execution \(ex.ex_id) ended \(ex._status)\(reason); `ess job recover \(ex.job_id)` goes on from where it ended"
        }
    }
}
