import ClusterModel
import ESSCore
import Foundation
import Platform
import XCTest

/// The verbs stop with facts that name what stopped them: the file, the nodes, the provider,
/// the reservation. The CLI's tests pin the sentences.
extension OrchestrationTests {
    func testVerbsWithoutAClusterNameItsFile() throws {
        let stateFile = context.paths.stateFile
        XCTAssertThrowsError(try context.requireState()) { XCTAssertEqual($0 as? ClusterError, .noCluster(stateFile: stateFile)) }
        XCTAssertThrowsError(try PowerCluster(context).stop()) { XCTAssertEqual($0 as? ClusterError, .noCluster(stateFile: stateFile)) }
        XCTAssertThrowsError(try AdoptReservations(context).forget(["r-1"])) {
            XCTAssertEqual($0 as? ReservationError, .noCluster(stateFile: stateFile))
        }
    }

    func testCreateRefusesWhatWouldMixClusters() throws {
        let request = { (provider: ProviderKind?, add: Bool) in
            CreateRequest(number: 1, type: "m3.medium", add: add, provider: provider, wait: .nothing, waitTimeout: 60)
        }
        XCTAssertThrowsError(try CreateCluster(context).run(request(.custom, false))) { XCTAssertEqual($0 as? ClusterError, .customCannotCreate) }
        _ = try create(2, wait: .running)
        XCTAssertThrowsError(try CreateCluster(context).run(request(nil, false))) { XCTAssertEqual($0 as? ClusterError, .alreadyExists) }
        XCTAssertThrowsError(try CreateCluster(context).run(request(.ec2, true))) {
            XCTAssertEqual($0 as? ClusterError, .otherProvider(existing: .local, asked: .ec2))
        }
        XCTAssertThrowsError(try SetProvider(context).run(.ec2)) {
            XCTAssertEqual($0 as? ClusterError, .nodesRemain(nodes: 2, existing: .local, asked: .ec2))
        }
    }

    func testNodesAreNamedByWhatTheQueryWas() throws {
        _ = try create(2, wait: .running)
        let state = try context.requireState()
        XCTAssertThrowsError(try SSHAccess(context).node(matching: "i-9", in: state)) {
            XCTAssertEqual($0 as? ClusterError, .unknownNode(query: "i-9", nodeCount: 2))
        }
        XCTAssertThrowsError(try SSHAccess(context).arguments(for: state.nodes[0], state: state)) {
            XCTAssertEqual($0 as? ClusterError, .noHostKey(node: "i-1"))
        }
        XCTAssertThrowsError(try TransferFiles(context).put(local: directory.path + "/none", remote: "x", nodes: nil)) {
            XCTAssertEqual($0 as? TransferError, .cannotOpen(path: directory.path + "/none", errno: ENOENT))
        }
        XCTAssertThrowsError(try TransferFiles(context).put(local: directory.path, remote: "x", nodes: nil)) {
            XCTAssertEqual($0 as? TransferError, .notRegularFile(path: directory.path))
        }
        XCTAssertThrowsError(try TransferFiles(context).get(remote: "data/", into: directory.path, nodes: "3")) {
            XCTAssertEqual($0 as? ClusterError, .unknownNodeInList(item: "3", nodeCount: 2))
        }
        XCTAssertThrowsError(try TransferFiles(context).get(remote: "/", into: directory.path, nodes: nil)) {
            XCTAssertEqual($0 as? TransferError, .remoteNamesNoFile(remote: "/"))
        }
    }

    func testReservationFactsNameTheIDs() throws {
        _ = try create(1, wait: .running)
        let adopt = AdoptReservations(context)
        XCTAssertThrowsError(try adopt.adopt([])) { XCTAssertEqual($0 as? ReservationError, .noneNamed) }
        XCTAssertThrowsError(try adopt.adopt(["r 1"])) { XCTAssertEqual($0 as? ReservationError, .notAnID("r 1")) }
        XCTAssertThrowsError(try adopt.adopt(["r-1"])) { XCTAssertEqual($0 as? ReservationError, .alreadyInCluster(ids: ["r-1"])) }
        XCTAssertThrowsError(try adopt.forget(["r-1", "r-7"])) {
            XCTAssertEqual($0 as? ReservationError, .notInCluster(ids: ["r-7"], known: ["r-1"]))
        }
    }

    func testTerminateAllKeepsTheKeyForNodesItDoesNotList() throws {
        _ = try create(2, wait: .running)
        _ = try AdoptReservations(context).forget(["r-1"])
        XCTAssertThrowsError(try TerminateCluster(context).run(all: true)) { error in
            let clusterID = (try? self.context.requireState().clusterID) ?? ""
            XCTAssertEqual(error as? TerminateError, .unlistedNodes(nodes: ["i-1", "i-2"], clusterID: clusterID, reservations: ["r-1"]))
        }
        XCTAssertFalse(provider.calls.contains("deleteKeyPair"))
        _ = try TerminateCluster(context).run(all: false)
        XCTAssertThrowsError(try PowerCluster(context).stop()) { XCTAssertEqual($0 as? ClusterError, .noLiveNodes) }
    }

    func testAProviderSystemCallFailureIsAFactOfTheCluster() throws {
        let failure = PlatformError("write the record", path: "/inventory/i-1", code: ENOSPC)
        provider.launchFailure = failure
        XCTAssertThrowsError(try create(1)) { XCTAssertEqual($0 as? ClusterError, .providerSystem(failure)) }
    }
}
