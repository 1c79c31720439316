import ESSCore

/// Words the facts of the cluster verbs: the directory's cluster and its nodes, launching,
/// terminating, adopting and forgetting reservations.
extension ErrorRenderer {
    static func message(for error: ClusterError) -> String {
        switch error {
        case .noCluster(let stateFile):
            return "no cluster in this directory (\(stateFile) does not exist); create one with `ess cluster create --number=3`"
        case .noNodes:
            return "the cluster has no nodes; create some with `ess cluster create --add --number=1`"
        case .noLiveNodes:
            return "this cluster has no live nodes; `ess cluster create --number=3` starts some"
        case .alreadyExists:
            return "a cluster already exists in this directory; use --add to grow it"
        case .otherProvider(let existing, let asked):
            return "this directory's cluster uses the \(existing.rawValue) provider, not \(asked.rawValue); terminate it or run `ess cluster reset` first"
        case .nodesRemain(let nodes, let existing, let asked):
            return "this directory's cluster has \(nodes) \(existing.rawValue) node(s); terminate them or run `ess cluster reset` before switching to \(asked.rawValue)"
        case .customCannotCreate:
            return "the custom provider cannot create machines: list them in .conf/reservation.json (`ip_list`), or create with `--provider local` or `ec2`"
        case .unknownNode(let query, let count):
            return "no node `\(query.prefix(60))` in this cluster; name one by instance id, address, or number (1 to \(count)) as `ess cluster status` lists them"
        case .unknownNodeInList(let item, let count):
            return "no node `\(item.prefix(60))` in this cluster; --nodes takes instance ids, addresses, numbers (1 to \(count)) or ranges like 2-4, separated by commas"
        case .noHostKey(let node):
            return "node \(node) has no pinned host key yet; run `ess cluster status` once it is up, so that its key is recorded"
        case .providerSystem(let failure):
            return "\(failure)"
        }
    }

    static func message(for error: LaunchError) -> String {
        switch error {
        case .sshWaitEnded:
            return "the wait for SSH ended without an answer"
        case .nothingStarted:
            return "the provider started no nodes"
        case .fewerStarted(let started, let asked, let reservation):
            return "the provider started \(started) of the \(asked) nodes asked for; they are recorded as reservation \(reservation) "
                + "(`ess cluster status` shows them); `ess cluster create --add --number=\(asked - started)` starts the rest"
        case .interruptedBeforeLaunch(let clusterID, let stateFile, let asked):
            return "interrupted before any node was launched; cluster \(clusterID) (\(stateFile)) has its key pair and security group but no nodes: "
                + "`ess cluster create --number=\(asked)` launches them, `ess cluster terminate --all` deletes the key pair and group"
        case .interruptedAfterLaunch(let reservation, let nodes, let stateFile):
            return "interrupted: reservation \(reservation) (\(nodes.count) node\(nodes.count == 1 ? "" : "s"): \(nodes.joined(separator: " "))) "
                + "is launched and recorded in \(stateFile); `ess cluster status` shows its nodes, `ess cluster terminate` ends them"
        }
    }

    static func message(for error: TerminateError) -> String {
        switch error {
        case .interrupted(let requested, let stillAlive, let all):
            let still = stillAlive == 0 ? "" : "; \(stillAlive) still shutting down stay in reservation.json"
            return "interrupted: termination was requested for \(requested) node(s)\(still); the key pair and security group were kept: "
                + "run `ess cluster terminate\(all ? " --all" : "")` again to finish"
        case .notTerminatedInTime(let nodes):
            return "\(nodes.count) node(s) were not terminated in time: \(nodes.joined(separator: " ")); they stay in reservation.json: run `ess cluster terminate` again"
        case .unlistedNodes(let nodes, let clusterID, let reservations):
            let listed = reservations.joined(separator: " ")
            return "\(nodes.count) node(s) tagged with cluster \(clusterID) are not in reservation.json (reservation \(listed)); "
                + "the key and security group were kept for them: `ess cluster add \(listed)` then `ess cluster terminate --all`"
        case .interruptedDeletingGroup(let clusterID):
            return "interrupted while deleting the security group of \(clusterID); its nodes are terminated: run `ess cluster terminate --all` again to finish"
        }
    }

    static func message(for error: ReservationError) -> String {
        switch error {
        case .notAnID(let text):
            return "`\(text.prefix(60))` is not a reservation id; they look like r-0123456789abcdef0"
        case .noneNamed:
            return "name at least one reservation id, such as r-0123456789abcdef0"
        case .alreadyInCluster(let ids):
            return "reservation \(ids.joined(separator: ", ")) is already in this cluster; `ess cluster status` lists its nodes"
        case .noLiveNodes(let reservation, let provider):
            return "reservation \(reservation) has no live nodes left at the \(provider.rawValue) provider; there is nothing to adopt"
        case .notInCluster(let ids, let known):
            let has = known.isEmpty ? "none" : known.joined(separator: ", ")
            return "reservation \(ids.joined(separator: ", ")) is not in this cluster (it has: \(has))"
        case .noCluster(let stateFile):
            return "no cluster in this directory (\(stateFile) does not exist); nothing to remove"
        }
    }
}
