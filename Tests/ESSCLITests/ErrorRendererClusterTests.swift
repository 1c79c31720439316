import ClusterModel
@testable import ESSCLI
import ESSCore
import Foundation
import Platform
import XCTest

/// The sentences and codes of the cluster verbs' facts, as users have seen them.
final class ErrorRendererClusterTests: XCTestCase {
    let stateFile = "/w/.conf/reservation.json"

    func testClusterFacts() {
        assertRendered(
            ClusterError.noCluster(stateFile: stateFile),
            "no cluster in this directory (/w/.conf/reservation.json does not exist); create one with `ess cluster create --number=3`", code: 1)
        assertRendered(ClusterError.noNodes, "the cluster has no nodes; create some with `ess cluster create --add --number=1`", code: 1)
        assertRendered(ClusterError.noLiveNodes, "this cluster has no live nodes; `ess cluster create --number=3` starts some", code: 64)
        assertRendered(ClusterError.alreadyExists, "a cluster already exists in this directory; use --add to grow it", code: 64)
        assertRendered(
            ClusterError.otherProvider(existing: .local, asked: .ec2),
            "this directory's cluster uses the local provider, not ec2; terminate it or run `ess cluster reset` first", code: 64)
        assertRendered(
            ClusterError.nodesRemain(nodes: 2, existing: .ec2, asked: .custom),
            "this directory's cluster has 2 ec2 node(s); terminate them or run `ess cluster reset` before switching to custom", code: 64)
        assertRendered(
            ClusterError.customCannotCreate,
            "the custom provider cannot create machines: list them in .conf/reservation.json (`ip_list`), or create with `--provider local` or `ec2`",
            code: 64)
        assertRendered(
            ClusterError.unknownNode(query: "i-9", nodeCount: 3),
            "no node `i-9` in this cluster; name one by instance id, address, or number (1 to 3) as `ess cluster status` lists them", code: 64)
        assertRendered(
            ClusterError.unknownNodeInList(item: String(repeating: "x", count: 70), nodeCount: 3),
            "no node `\(String(repeating: "x", count: 60))` in this cluster; --nodes takes instance ids, addresses, numbers (1 to 3) or ranges like 2-4, "
                + "separated by commas", code: 64)
        assertRendered(
            ClusterError.noHostKey(node: "i-1"),
            "node i-1 has no pinned host key yet; run `ess cluster status` once it is up, so that its key is recorded", code: 1)
        assertRendered(
            ClusterError.providerSystem(PlatformError("write", path: "/inv/i-1", code: ENOSPC)), "could not write /inv/i-1: No space left on device",
            code: 1)
    }

    func testLaunchFacts() {
        assertRendered(LaunchError.sshWaitEnded, "the wait for SSH ended without an answer", code: 1)
        assertRendered(LaunchError.nothingStarted, "the provider started no nodes", code: 1)
        assertRendered(
            LaunchError.fewerStarted(started: 3, asked: 5, reservation: "r-1"),
            "the provider started 3 of the 5 nodes asked for; they are recorded as reservation r-1 (`ess cluster status` shows them); "
                + "`ess cluster create --add --number=2` starts the rest", code: 1)
        assertRendered(
            LaunchError.interruptedBeforeLaunch(clusterID: "ess-1", stateFile: stateFile, asked: 4),
            "interrupted before any node was launched; cluster ess-1 (/w/.conf/reservation.json) has its key pair and security group but no nodes: "
                + "`ess cluster create --number=4` launches them, `ess cluster terminate --all` deletes the key pair and group", code: 130)
        assertRendered(
            LaunchError.interruptedAfterLaunch(reservation: "r-1", nodes: ["i-1", "i-2"], stateFile: stateFile),
            "interrupted: reservation r-1 (2 nodes: i-1 i-2) is launched and recorded in /w/.conf/reservation.json; "
                + "`ess cluster status` shows its nodes, `ess cluster terminate` ends them", code: 130)
        assertRendered(
            LaunchError.interruptedAfterLaunch(reservation: "r-1", nodes: ["i-1"], stateFile: stateFile),
            "interrupted: reservation r-1 (1 node: i-1) is launched and recorded in /w/.conf/reservation.json; "
                + "`ess cluster status` shows its nodes, `ess cluster terminate` ends them", code: 130)
    }

    func testTerminateFacts() {
        assertRendered(
            TerminateError.interrupted(requested: 3, stillAlive: 0, all: false),
            "interrupted: termination was requested for 3 node(s); the key pair and security group were kept: run `ess cluster terminate` again to finish",
            code: 130)
        assertRendered(
            TerminateError.interrupted(requested: 3, stillAlive: 2, all: true),
            "interrupted: termination was requested for 3 node(s); 2 still shutting down stay in reservation.json; the key pair and security group "
                + "were kept: run `ess cluster terminate --all` again to finish", code: 130)
        assertRendered(
            TerminateError.notTerminatedInTime(nodes: ["i-2", "i-3"]),
            "2 node(s) were not terminated in time: i-2 i-3; they stay in reservation.json: run `ess cluster terminate` again", code: 69)
        assertRendered(
            TerminateError.unlistedNodes(nodes: ["i-1", "i-2"], clusterID: "ess-1", reservations: ["r-1", "r-2"]),
            "2 node(s) tagged with cluster ess-1 are not in reservation.json (reservation r-1 r-2); the key and security group were kept for them: "
                + "`ess cluster add r-1 r-2` then `ess cluster terminate --all`", code: 1)
        assertRendered(
            TerminateError.interruptedDeletingGroup(clusterID: "ess-1"),
            "interrupted while deleting the security group of ess-1; its nodes are terminated: run `ess cluster terminate --all` again to finish",
            code: 130)
    }

    func testReservationFacts() {
        assertRendered(
            ReservationError.notAnID("r 1"), "`r 1` is not a reservation id; they look like r-0123456789abcdef0", code: 64)
        assertRendered(ReservationError.noneNamed, "name at least one reservation id, such as r-0123456789abcdef0", code: 64)
        assertRendered(
            ReservationError.alreadyInCluster(ids: ["r-1", "r-2"]),
            "reservation r-1, r-2 is already in this cluster; `ess cluster status` lists its nodes", code: 64)
        assertRendered(
            ReservationError.noLiveNodes(reservation: "r-1", provider: .ec2),
            "reservation r-1 has no live nodes left at the ec2 provider; there is nothing to adopt", code: 64)
        assertRendered(
            ReservationError.notInCluster(ids: ["r-7"], known: ["r-1", "r-2"]), "reservation r-7 is not in this cluster (it has: r-1, r-2)", code: 64)
        assertRendered(ReservationError.notInCluster(ids: ["r-7"], known: []), "reservation r-7 is not in this cluster (it has: none)", code: 64)
        assertRendered(
            ReservationError.noCluster(stateFile: stateFile),
            "no cluster in this directory (/w/.conf/reservation.json does not exist); nothing to remove", code: 1)
    }
}
