import ArgumentParser
import ClusterModel
import ESSCore
import Platform

extension CreateWait: ExpressibleByArgument {}

/// `ess cluster create`.
struct CreateCommand: ParsableCommand {
    static let maximumNodes = 256

    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Start workers as one reservation and record them in .conf/reservation.json.",
        discussion: """
            Waits until every node answers SSH (each node on its own clock, --wait-timeout), pins
            each node's host key, then prints the status table. Without --add it refuses when this
            directory already has a cluster; with --add it waits on its new nodes only, and sums up
            the older reservations as last recorded (`ess cluster status` checks every node).

            Examples:
              ess cluster create --number=5 --type=m3.medium
              ess cluster create --add --number=2
              ess cluster create --number=3 --provider local --no-wait
              ess cluster create --number=4 --provider ec2 --type t3.micro --user ubuntu
            """
    )

    @Option(name: .shortAndLong, help: "How many workers to start (1 to \(CreateCommand.maximumNodes)).")
    var number: Int

    @Option(name: .shortAndLong, help: "Instance type, e.g. m3.medium (the local provider lists its sizes in the README).")
    var type = "m3.medium"

    @Flag(help: "Grow the existing cluster with a new reservation.")
    var add = false

    @Option(help: "local (default), ec2 (or cloud), or custom. Default: this directory's provider.")
    var provider: ProviderKind?

    @Flag(help: "Return once the nodes are launched (same as --wait-for nothing).")
    var noWait = false

    @Option(help: "What to wait for: ssh (every node answers, host keys pinned), running (the provider says so), or nothing.")
    var waitFor: CreateWait = .ssh

    @Option(help: "Seconds to wait for each node to answer SSH.")
    var waitTimeout: Double = 180

    @Option(help: "Which node address SSH uses: public or private (from inside the cloud's network). Default: the cluster's choice, else $ESS_SSH_ADDRESS, else public.")
    var sshAddress: AddressChoice?

    @Option(help: "The user to log in as (default: the cluster's, else the provider's: ec2-user on ec2).")
    var user: String?

    @Option(help: "ec2: the AMI (default: $ESS_EC2_IMAGE, else the newest Amazon Linux).")
    var image: String?

    @Option(help: "ec2: the subnet to launch in (default: $ESS_EC2_SUBNET, else the default VPC's).")
    var subnet: String?

    @Option(name: .customLong("ssh-cidr"), help: "ec2: who may SSH to the nodes (default: $ESS_SSH_CIDR, else this machine's public address).")
    var sshCIDR: String?

    @OptionGroup var output: OutputOptions
    @OptionGroup var common: CommonOptions

    func validate() throws {
        guard (1...Self.maximumNodes).contains(number) else {
            throw ValidationError("--number must be from 1 to \(Self.maximumNodes), not \(number)")
        }
        guard waitTimeout > 0, waitTimeout <= 3600 else {
            throw ValidationError("--wait-timeout must be from 1 to 3600 seconds")
        }
    }

    func run() throws {
        let interrupt = CancellationFlag().trapInterrupt()
        var context = common.context(cancellation: interrupt)
        for (name, value) in [("image_id", image), ("subnet_id", subnet), ("ssh_cidr", sshCIDR)] {
            if let value { context.providerSettings[name] = value }
        }
        let outcome = try CreateCluster(context).run(
            CreateRequest(
                number: number, type: type, add: add, provider: provider, wait: noWait ? .nothing : waitFor, waitTimeout: waitTimeout,
                sshAddress: try sshAddress ?? CommonOptions.environmentAddressChoice(), user: user))
        // Everything is recorded: from here Ctrl-C simply ends the command.
        interrupt.untrap()
        if interrupt.isCancelled {
            throw ESSError(.interrupted, "interrupted: reservation \(outcome.reservationID) is launched and recorded; `ess cluster status` shows its nodes, `ess cluster terminate` ends them")
        }
        let waited: CreateWait = noWait ? .nothing : waitFor
        if waited != .ssh {
            // No SSH wait: say what was launched, without probing nodes that may not be up.
            if output.json {
                try JSONOutput.print(["reservation_id": outcome.reservationID, "instance_ids": outcome.nodeIDs.joined(separator: ",")])
            } else {
                print("reservation \(outcome.reservationID): \(outcome.nodeIDs.joined(separator: " "))")
            }
            if !outcome.failures.isEmpty {
                throw ESSError(.unavailable, "\(outcome.failures.count) of \(outcome.nodeIDs.count) nodes are not running (\(outcome.failures.keys.sorted().joined(separator: " "))); see `ess cluster status`")
            }
            return
        }
        if let status = outcome.status {
            try StatusRenderer.show(status, json: output.json)
        }
        if !outcome.failures.isEmpty {
            let list = outcome.failures.keys.sorted().joined(separator: " ")
            throw ESSError(.unavailable, "\(outcome.failures.count) of \(outcome.nodeIDs.count) nodes did not answer SSH (\(list)); they are recorded in reservation.json: see `ess cluster status`, or `ess cluster terminate`")
        }
    }
}
