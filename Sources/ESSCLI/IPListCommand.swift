import ArgumentParser
import ESSCore

/// `ess cluster iplist [--private|--public]`.
struct IPListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "iplist",
        abstract: "Print the nodes' addresses, one a line.",
        discussion: """
            Examples:
              ess cluster iplist
              ess cluster iplist --private
            """
    )

    enum Which: String, EnumerableFlag {
        case `public`, `private`
    }

    @Flag(help: "Which address to print (default: public).")
    var which: Which = .public

    @OptionGroup var output: OutputOptions
    @OptionGroup var common: CommonOptions

    func run() throws {
        let nodes = try common.context().requireState().nodes
        let addresses = nodes.compactMap { which == .public ? ($0.publicAddress ?? $0.privateAddress) : $0.privateAddress }
        if output.json {
            try JSONOutput.print(addresses)
        } else {
            addresses.forEach { print($0) }
        }
    }
}
