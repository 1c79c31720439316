import ArgumentParser
import ESSCore

/// `ess cluster put LOCAL REMOTE`.
struct PutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "put",
        abstract: "Copy one local file to every node at once, streamed.",
        discussion: """
            REMOTE is relative to the login user's home, or absolute; a folder (or a path ending in /)
            receives the file under its own name. The file is read in chunks, never whole, and lands
            under its real name only once complete.

            Examples:
              ess cluster put data.bin data/
              ess cluster put app.conf /etc/app.conf --nodes 2
            """
    )

    @Argument(help: "The local file.")
    var local: String

    @Argument(help: "Where it goes on each node.")
    var remote: String

    @OptionGroup var fanOut: FanOutOptions

    func run() throws {
        let outcomes = try TransferFiles(fanOut.context()).put(local: local, remote: remote, nodes: fanOut.nodes)
        try FanOutRenderer.conclude(outcomes, verb: "put", json: fanOut.json, success: "put \(remote)")
    }
}

/// `ess cluster get REMOTE LOCALDIR`.
struct GetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Fetch one file from every node at once into LOCALDIR/<instance id>/.",
        discussion: """
            Each node's copy is streamed to disk (never held whole) and given its name only once complete.

            Examples:
              ess cluster get logs/app.log collected/
              ess cluster get /var/log/syslog logs --nodes 1-3
            """
    )

    @Argument(help: "The file on each node (relative to the login user's home, or absolute).")
    var remote: String

    @Argument(help: "The local folder; one subfolder per node, named by instance id.")
    var localDirectory: String

    @OptionGroup var fanOut: FanOutOptions

    func run() throws {
        let outcomes = try TransferFiles(fanOut.context()).get(remote: remote, into: localDirectory, nodes: fanOut.nodes)
        try FanOutRenderer.conclude(outcomes, verb: "get", json: fanOut.json, success: "got \(remote)")
    }
}
