import ArgumentParser
import ESSCore

/// `ess cluster status`.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show every node: reservation, addresses, state, SSH reachability and latency, cpu, memory, disk, version.",
        discussion: """
            Asks the provider for each node's state, then reads cpu, memory, disk and software
            version from all nodes at once over SSH. Also reports nodes tagged with the cluster that
            reservation.json does not list (after a crash), and how to adopt or terminate them.

            Examples:
              ess cluster status
              ess cluster status --json
              ess cluster status --error-return-code   # exit 69 when any node is unreachable
            """
    )

    @Flag(name: [.customLong("error-return-code"), .customLong("error_return_code")], help: "Exit non-zero (69) when any node is unreachable.")
    var errorReturnCode = false

    @OptionGroup var output: OutputOptions
    @OptionGroup var common: CommonOptions

    func run() throws {
        let context = common.context()
        let status = try ReadStatus(context).run()
        try StatusRenderer.show(status, json: output.json, note: APIClusterNote.load(context.paths))
        let down = status.unreachable
        if errorReturnCode, !down.isEmpty {
            throw ESSError(.unavailable, "\(down.count) of \(status.rows.count) nodes are unreachable: \(down.map(\.node.id).joined(separator: " "))")
        }
    }
}
