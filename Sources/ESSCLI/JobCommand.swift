import ArgumentParser

/// `ess job`: the job verbs, a thin client of this directory's master (`ess serve`).
struct JobCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "job",
        abstract: "Run commands over sliced inputs on the cluster's workers, and follow and control them.",
        discussion: """
            Every `ess job` command talks to this directory's master over HTTP: the one ESS_MASTER \
            names (a URL), else the one .conf/master.json names; when there is none, the command \
            starts one in the background (`ess serve --detach`) and says so. `ess serve stop` stops it.

            ID is a job's id; `--ex EX_ID` names one execution instead (a job's latest is the default).

            Examples:
              ess job run conf/job.json --var DAY=2026-12-01
              ess job status 3
              ess job errors 3
              ess job recover 3 --cleanup errors
              ess job wait 3 --status completed --timeout 600
            """,
        subcommands: [
            JobRunCommand.self, JobListCommand.self, JobStatusCommand.self, JobShowCommand.self, JobHistoryCommand.self,
            JobErrorsCommand.self, JobLogsCommand.self, JobStopCommand.self, JobPauseCommand.self, JobResumeCommand.self,
            JobStartCommand.self, JobRecoverCommand.self, JobDeleteCommand.self, JobWaitCommand.self,
        ]
    )
}
