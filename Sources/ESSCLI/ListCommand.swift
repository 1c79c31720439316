import ArgumentParser
import ESSCore
import Foundation

/// `ess cluster list`.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List every cluster known under ESS_AWS_DIR: directory, provider, reservations, node count.",
        discussion: """
            Reservations stay listed after `remove` and `reset`, so their ids can be found again.

            Example:
              ess cluster list
            """
    )

    @OptionGroup var output: OutputOptions
    @OptionGroup var common: CommonOptions

    func run() throws {
        let context = common.context()
        let records = context.registry.all()
        if output.json {
            try JSONOutput.print(records)
            return
        }
        guard !records.isEmpty else {
            print("no clusters known under \(context.paths.essDirectory)")
            return
        }
        let rows = records.map { record in
            [record.clusterID, record.provider.rawValue, String(record.nodes), record.reservations.joined(separator: ","), record.directory]
        }
        print(TextTable.render(header: ["CLUSTER", "PROVIDER", "NODES", "RESERVATIONS", "DIRECTORY"], rows: rows))
    }
}
