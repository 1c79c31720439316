import ArgumentParser
import ESSCore

/// `ess cluster reset [-y]`.
struct ResetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset",
        abstract: "Forget this directory's cluster: remove .conf/reservation.json, keep the key files and nodes.",
        discussion: """
            The nodes keep running; `ess cluster list` still shows their reservation ids, and
            `ess cluster add` adopts them again.

            Example:
              ess cluster reset -y
            """
    )

    @Flag(name: [.customShort("y"), .customLong("yes")], help: "Do not ask.")
    var yes = false

    @OptionGroup var common: CommonOptions

    func run() throws {
        let reset = ResetCluster(common.context())
        guard let state = try reset.plan() else {
            print("no cluster in this directory; nothing to reset")
            return
        }
        if !yes, !state.nodes.isEmpty {
            let question = "Forget cluster \(state.clusterID) and its \(state.nodes.count) node(s)? They keep running (reservations: \(state.reservations.map(\.id).joined(separator: " ")))."
            guard Confirmation.ask(question) else {
                throw ESSError.failure("nothing was reset (answer y, or pass -y to skip the question)")
            }
        }
        try reset.run()
        print("forgot cluster \(state.clusterID); its key files were kept\(state.reservations.isEmpty ? "" : ", and `ess cluster add \(state.reservations.map(\.id).joined(separator: " "))` adopts its nodes again")")
    }
}
