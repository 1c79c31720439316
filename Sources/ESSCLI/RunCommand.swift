import ArgumentParser
import ESSCore

/// `ess cluster run` (alias `exec`).
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a shell command on every node at once; output prefixed by node.",
        discussion: """
            The command runs in the login user's home on each node, through its shell. Exits non-zero
            when any node fails (exit code or connection), after listing each failure.

            Examples:
              ess cluster run uptime
              ess cluster exec 'df -h /' --group
              ess cluster run 'systemctl is-active app' --nodes 1,3-5 --json
            """,
        aliases: ["exec"]
    )

    @Argument(help: "The shell command to run on each node.")
    var command: String

    @Flag(help: "Print identical outputs once, with the list of nodes that printed them.")
    var group = false

    @OptionGroup var fanOut: FanOutOptions

    func run() throws {
        let outcomes = try RunOnNodes(fanOut.context()).run(command, nodes: fanOut.nodes)
        if fanOut.json {
            try FanOutRenderer.showJSON(outcomes, command: "run", group: group)
        } else if group {
            FanOutRenderer.showGrouped(outcomes)
        } else {
            FanOutRenderer.showPrefixed(outcomes)
        }
        try FanOutRenderer.finish(outcomes, verb: "run")
    }
}
