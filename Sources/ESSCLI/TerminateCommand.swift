import ArgumentParser
import ESSCore
import Platform

/// `ess cluster terminate [--all] [-y]`.
struct TerminateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "terminate",
        abstract: "Terminate every node of the cluster and wait until they are gone.",
        discussion: """
            Plain terminate keeps the key files and security group (a later create reuses the key).
            --all then deletes the cluster's key pair, key files and security group, and forgets the
            cluster. Without -y it lists what will go and asks.

            Examples:
              ess cluster terminate
              ess cluster terminate --all -y
            """
    )

    @Flag(help: "Also delete the key files and security group, and forget the cluster.")
    var all = false

    @Flag(name: [.customShort("y"), .customLong("yes")], help: "Do not ask.")
    var yes = false

    @OptionGroup var common: CommonOptions

    func run() throws {
        let interrupt = CancellationFlag()
        let terminate = TerminateCluster(common.context(cancellation: interrupt))
        guard let state = try terminate.plan() else {
            print("no cluster in this directory; nothing to terminate")
            return
        }
        if !yes {
            let nodes = state.nodes
            print("cluster \(state.clusterID) (\(state.provider.rawValue)):")
            for reservation in state.reservations {
                print("  \(reservation.id): \(reservation.nodes.map(\.id).joined(separator: " "))")
            }
            for launch in state.launches {
                print("  launch \(launch.token): \(launch.count) node\(launch.count == 1 ? "" : "s") asked for by a create that has not recorded them (found by the launch's token)")
            }
            var question = "Terminate \(nodes.count) node\(nodes.count == 1 ? "" : "s")"
            if all { question += " and delete the key files and security group of \(state.clusterID)" }
            guard Confirmation.ask(question + "?") else {
                throw ESSError.failure("nothing was terminated (answer y, or pass -y to skip the question)")
            }
        }
        // Ctrl-C at the question above ends the command; from here it stops at a safe point.
        interrupt.trapInterrupt()
        let outcome = try terminate.run(all: all)
        print("terminated \(outcome.terminated.count) node\(outcome.terminated.count == 1 ? "" : "s")\(outcome.terminated.isEmpty ? "" : ": " + outcome.terminated.joined(separator: " "))")
        if all {
            print("deleted the security group and key pair of \(state.clusterID)\(outcome.deletedKey ? ", and its key files" : ""); the cluster is forgotten")
        } else if !outcome.terminated.isEmpty {
            print("kept the key and security group; `ess cluster create` reuses them, `ess cluster terminate --all` deletes them")
        }
    }
}
