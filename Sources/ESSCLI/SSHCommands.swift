import ArgumentParser
import ESSCore
import Foundation

/// `ess cluster ssh [NODE]`.
struct SSHCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ssh",
        abstract: "Open a shell on a node with the system ssh, the cluster's key and its pinned host key.",
        discussion: """
            NODE is an instance id, an address, or a number as `ess cluster status` lists them
            (default: the first node). Anything after `--` runs as a command instead of a shell.

            Examples:
              ess cluster ssh
              ess cluster ssh 2
              ess cluster ssh i-0123456789abcdef0 -- uptime
            """
    )

    @Argument(help: "Instance id, address or number (default: the first node).")
    var node: String?

    @Argument(parsing: .postTerminator, help: "A command to run instead of a shell.")
    var command: [String] = []

    @OptionGroup var common: CommonOptions

    func run() throws {
        let arguments = ["ssh"] + (try SSHAccess(common.context()).shell(node, command: command))
        let argv = arguments.map { strdup($0) } + [nil]
        execv("/usr/bin/ssh", argv)
        throw ESSError.failure("could not run /usr/bin/ssh (\(String(cString: strerror(errno)))); install openssh-client")
    }
}

/// `ess cluster ssh-config`.
struct SSHConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ssh-config",
        abstract: "Print an OpenSSH config block (a Host per node) that reaches the nodes as ess does.",
        discussion: """
            Writes the pinned host keys to .conf/known_hosts, which the block names.

            Examples:
              ess cluster ssh-config > cluster.ssh && ssh -F cluster.ssh i-0123456789abcdef0
              PDSH_SSH_ARGS_APPEND="-F $PWD/cluster.ssh" pdsh -R ssh -w "$(ess cluster status --json | jq -r '[.nodes[].instance_id]|join(",")')" uptime
            """
    )

    @OptionGroup var common: CommonOptions

    func run() throws {
        print(try SSHAccess(common.context()).config(), terminator: "")
    }
}
