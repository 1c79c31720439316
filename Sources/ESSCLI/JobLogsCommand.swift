import ArgumentParser
import ESSCore
import Foundation
import JobAPI
import JobClient
import JobModel
import Platform

/// `ess job logs ID [--slice N] [--follow]`: the committed output of an execution's slices.
struct JobLogsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "Print the kept output (stdout) of an execution's completed slices, in slice order.",
        discussion: """
            Each slice's output is headed `==> slice N <==` (not with --slice). --follow prints \
            slices as they complete until the execution ends; Ctrl-C stops following. \
            A job whose spec sets `output` to `none` keeps no output.

            Examples:
              ess job logs 3
              ess job logs 3 --slice 17 > slice17.txt
              ess job logs --ex 7 --follow
            """
    )

    @OptionGroup var target: JobTargetOptions

    @Option(help: ArgumentHelp("Only this slice's output, as it is (no heading).", valueName: "N"))
    var slice: Int64?

    @Flag(help: "Go on printing slices as they complete, until the execution ends.")
    var follow = false

    func validate() throws {
        if let slice, slice < 0 { throw ValidationError("--slice takes a slice number from 0, not \(slice)") }
    }

    func run() throws {
        let client = try MasterConnection.client()
        let (jobID, exID) = try JobLookup.executionID(client, target.target)
        let cancellation = CancellationFlag()
        if follow { cancellation.trapInterrupt() }
        var reader = SliceOutputReader(client: client, exID: exID) { FileHandle.standardOutput.write($0) }
        while true {
            // Read the status first: slices completed before an ended status are all listed below.
            let ended = try !follow || ExecutionStatus(rawValue: client.execution(.execution(exID))._status)?.isTerminal == true
            if let slice {
                if try printSingle(client, exID: exID, slice: slice) { return }
                if ended { throw ESSError(.failure, "slice \(slice) of execution \(exID) has no output: it has not completed, or the job keeps none (`ess job show \(jobID)`)") }
            } else {
                try reader.printCompleted()
                if ended { return }
            }
            guard cancellation.sleep(1) else { return }
        }
    }

    /// Prints one slice's output as it is; false when it has none (yet).
    private func printSingle(_ client: MasterClient, exID: String, slice: Int64) throws -> Bool {
        do {
            FileHandle.standardOutput.write(try client.sliceOutput(execution: exID, slice: slice))
            return true
        } catch JobClientError.api(404, _, _, _) {
            return false
        }
    }
}
