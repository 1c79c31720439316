import ArgumentParser
import ESSCore

/// `ess cluster stop`.
struct StopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop",
        abstract: "Stop every node of the cluster; they keep their disks and ids.",
        discussion: """
            Stopped EC2 instances cost no compute time but keep their volumes; `ess cluster start`
            brings them back (a public address may change; host keys stay pinned).

            Examples:
              ess cluster stop
              ess cluster stop --json
            """
    )

    @OptionGroup var output: OutputOptions
    @OptionGroup var common: CommonOptions

    func run() throws {
        let ids = try PowerCluster(common.context()).stop()
        if output.json {
            try JSONOutput.print(["stopped": ids.joined(separator: ",")])
        } else {
            print("stopped \(ids.count) node\(ids.count == 1 ? "" : "s"): \(ids.joined(separator: " "))")
        }
    }
}

/// `ess cluster start`.
struct StartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start the cluster's stopped nodes and wait until they answer SSH.",
        discussion: """
            Examples:
              ess cluster start
              ess cluster start --wait-timeout 300
            """
    )

    @Option(help: "Seconds to wait for each node to run and answer SSH.")
    var waitTimeout: Double = 180

    @OptionGroup var output: OutputOptions
    @OptionGroup var common: CommonOptions

    func validate() throws {
        guard waitTimeout > 0, waitTimeout <= 3600 else {
            throw ValidationError("--wait-timeout must be from 1 to 3600 seconds")
        }
    }

    func run() throws {
        let (status, failures) = try PowerCluster(common.context()).start(waitTimeout: waitTimeout)
        try StatusRenderer.show(status, json: output.json)
        if !failures.isEmpty {
            throw ESSError(.unavailable, "\(failures.count) node(s) did not come back: \(failures.keys.sorted().joined(separator: " ")); see `ess cluster status`")
        }
    }
}
