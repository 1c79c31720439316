import ArgumentParser
import ESSCore

/// `ess cluster sync`.
struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Bring every node's software to this machine's version (conf/sync.json); --rollback goes back one.",
        discussion: """
            conf/sync.json names the package (a folder or .tar.gz), its version (or a VERSION file in the
            folder) and the install root on the nodes (default `ess`, i.e. ~/ess). Each node's installed
            version is read first; only nodes that differ get the package, as one gzip stream checked by
            its sha256, unpacked into versions/<v>, then `current` is switched atomically. The previous
            version stays for --rollback. Versions are recorded in reservation.json; status shows them.

            Examples:
              ess cluster sync
              ess cluster sync --version 1.4.1
              ess cluster sync --rollback
            """
    )

    @Option(help: "The version to install the package as (overrides conf/sync.json and the package's VERSION).")
    var version: String?

    @Flag(help: "Switch every node back to its previous version.")
    var rollback = false

    @OptionGroup var fanOut: FanOutOptions

    func validate() throws {
        if rollback && version != nil { throw ValidationError("--rollback and --version do not go together") }
    }

    func run() throws {
        let report = try SyncCluster(fanOut.context()).run(versionOverride: version, rollback: rollback, nodes: fanOut.nodes)
        let verb = rollback ? "rollback" : "sync"
        if fanOut.json {
            try FanOutRenderer.showJSON(report.outcomes, command: verb, version: report.version)
        } else {
            FanOutRenderer.showSummaries(report.outcomes, success: "done")
            let changed = report.outcomes.filter { !$0.failed && !($0.summary ?? "").hasPrefix("up to date") }.count
            let ok = report.outcomes.filter { !$0.failed }.count
            print("\(verb): \(ok) of \(report.outcomes.count) nodes at \(report.version ?? "their previous version"), \(changed) changed")
        }
        try FanOutRenderer.finish(report.outcomes, verb: verb)
    }
}
