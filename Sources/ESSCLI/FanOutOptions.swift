import ArgumentParser
import ESSCore
import Foundation
import SSH

/// Options of the fan-out commands (run, put, get, sync): which nodes, how many at once, time limits,
/// `--json`, and the common ones.
struct FanOutOptions: ParsableArguments {
    @Option(help: "Only these nodes: instance ids, addresses, numbers or ranges (2-4), comma-separated.")
    var nodes: String?

    @Option(help: "How many nodes to work on at once (1 to 1024).")
    var parallel = 64

    @Option(help: "Seconds each node may take to connect and log in.")
    var connectTimeout: Double = 10

    @Option(help: "Seconds a node's command may run (for transfers: may stall with no byte moving).")
    var timeout: Double = 300

    @OptionGroup var output: OutputOptions
    @OptionGroup var common: CommonOptions

    var json: Bool { output.json }

    func validate() throws {
        guard (1...1024).contains(parallel) else { throw ValidationError("--parallel must be 1 to 1024, not \(parallel)") }
        guard connectTimeout > 0, timeout > 0 else { throw ValidationError("--connect-timeout and --timeout must be positive") }
    }

    /// The verbs' context with these limits and a progress line on a terminal only (or through `sink`).
    func context(sink: TerminalSink = TerminalSink(quiet: isatty(STDERR_FILENO) != 1)) -> ClusterContext {
        var context = common.context(sink: sink)
        context.parallel = parallel
        context.sshOptions.connectTimeout = connectTimeout
        context.sshOptions.commandTimeout = timeout
        return context
    }
}
