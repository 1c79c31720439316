import ArgumentParser
import ESSCore

/// `ess cluster add RID…`.
struct AddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Adopt existing reservations, with all their nodes, into this directory's cluster.",
        discussion: """
            `ess cluster list` shows the reservation ids of every cluster, including forgotten ones.

            Example:
              ess cluster add r-0123456789abcdef0
            """
    )

    @Argument(help: "Reservation ids (r-…).")
    var reservations: [String]

    @OptionGroup var common: CommonOptions

    func run() throws {
        let added = try AdoptReservations(common.context()).adopt(reservations)
        for reservation in added {
            print("added \(reservation.id): \(reservation.nodes.count) node\(reservation.nodes.count == 1 ? "" : "s") (\(reservation.nodes.map(\.id).joined(separator: " ")))")
        }
    }
}

/// `ess cluster remove RID…`.
struct RemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Forget reservations without terminating their nodes (`add` adopts them again).",
        discussion: """
            Example:
              ess cluster remove r-0123456789abcdef0
            """
    )

    @Argument(help: "Reservation ids (r-…).")
    var reservations: [String]

    @OptionGroup var common: CommonOptions

    func run() throws {
        for reservation in try AdoptReservations(common.context()).forget(reservations) {
            print("removed \(reservation.id): \(reservation.nodes.count) node\(reservation.nodes.count == 1 ? "" : "s") still running; `ess cluster add \(reservation.id)` adopts them again")
        }
    }
}
