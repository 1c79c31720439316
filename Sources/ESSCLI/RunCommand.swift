import ArgumentParser
import ESSCore

/// `ess cluster run` (alias `exec`).
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a shell command on every node at once; output line by line as it comes, prefixed by node.",
        discussion: """
            The command runs in the login user's home on each node, through its shell.

            Each line is printed as soon as a node prints it, as `<instance id> | <line>`
            (ids padded to one width): stdout lines on stdout, stderr lines on stderr,
            each written whole, so two nodes never mix within a line. A last line
            without a newline is printed when its node's command ends; a line longer
            than 64 KiB is printed in pieces, the later ones marked `<instance id> + `;
            bytes are passed through as they are. `--group` and `--json` instead wait
            for every node and print everything at the end.

            Exits non-zero when any node fails (exit code or connection), after listing
            each failure on stderr.

            Examples:
              ess cluster run uptime
              ess cluster run 'for i in 1 2 3; do echo $i; sleep 1; done' | cat
              ess cluster exec 'df -h /' --group
              ess cluster run 'systemctl is-active app' --nodes 1,3-5 --json
            """,
        aliases: ["exec"]
    )

    @Argument(help: "The shell command to run on each node.")
    var command: String

    @Flag(help: "Wait for every node, then print identical outputs once, with the list of nodes that printed them.")
    var group = false

    @OptionGroup var fanOut: FanOutOptions

    func run() throws {
        guard fanOut.json || group else {
            let terminal = TerminalSink(quiet: !LinePrinter.progressFits)
            let printer = LinePrinter(terminal: terminal)
            try FanOutRenderer.finish(RunOnNodes(fanOut.context(sink: terminal)).run(command, nodes: fanOut.nodes, lines: printer), verb: "run")
            return
        }
        let outcomes = try RunOnNodes(fanOut.context()).run(command, nodes: fanOut.nodes)
        if fanOut.json {
            try FanOutRenderer.showJSON(outcomes, command: "run", group: group)
        } else {
            FanOutRenderer.showGrouped(outcomes)
        }
        try FanOutRenderer.finish(outcomes, verb: "run")
    }
}
