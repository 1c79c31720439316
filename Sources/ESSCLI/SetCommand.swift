import ArgumentParser
import ClusterModel
import ESSCore

/// `ess cluster set local|cloud|custom`.
struct SetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Choose this directory's provider: local, cloud (ec2) or custom.",
        discussion: """
            Example:
              ess cluster set cloud
            """
    )

    @Argument(help: "local, cloud (or ec2), or custom.")
    var provider: ProviderKind

    @OptionGroup var common: CommonOptions

    func run() throws {
        try SetProvider(common.context()).run(provider)
        print("this directory's provider is now \(provider.rawValue)")
    }
}
