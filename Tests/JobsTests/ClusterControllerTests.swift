import ClusterModel
import Foundation
import JobModel
import JobsTestSupport
import JobStore
import Jobs
import TestSupport
import XCTest

/// The cluster controller over a real SQLite store and a provisioner in memory: it performs
/// every action the machine returns, and jobs run on the cluster they name.
final class ClusterControllerTests: XCTestCase {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Nodes per folder, in memory; `hold` keeps provisioning waiting until released.
    final class MemoryProvisioner: ClusterProvisioner, @unchecked Sendable {
        let lock = NSLock()
        var folders: [String: [String]] = [:]
        var notes: [Int64: [String]] = [:]
        var failProvision: String?
        let gate = DispatchSemaphore(value: 0)
        var hold = false

        func provision(_ spec: ClusterSpec, nodes: Int, in folder: String) throws {
            if lock.withLock({ hold }) { gate.wait() }
            if let failure = lock.withLock({ failProvision }) { throw Failure(description: failure) }
            lock.withLock { folders[folder] = (1...nodes).map { "n\($0)" } }
        }

        func resize(_ spec: ClusterSpec, to nodes: Int, sparing busy: Set<String>, in folder: String) throws -> Int {
            lock.withLock {
                var names = folders[folder] ?? []
                while names.count < nodes { names.append("n\(names.count + 1)-grown") }
                while names.count > nodes, let spare = names.lastIndex(where: { !busy.contains($0) }) { names.remove(at: spare) }
                folders[folder] = names
                return names.count
            }
        }

        func terminate(in folder: String) throws { lock.withLock { folders[folder] = [] } }

        func summary(of folder: String) -> ClusterFolderSummary? {
            lock.withLock {
                folders[folder].map { names in
                    ClusterFolderSummary(
                        provider: "local", instanceType: "t2.micro",
                        nodes: names.map { ClusterNode(id: $0, reservationID: "r-1", address: "127.0.0.9", state: "reachable", isLive: true) })
                }
            }
        }

        func note(status: String, clusterID: Int64, master: String, in folder: String) {
            lock.withLock { notes[clusterID, default: []].append(status) }
        }
    }

    var folder: TemporaryDirectory!
    var database: MasterDatabase!
    var store: ExecutionStore { ExecutionStore(database) }
    let provisioner = MemoryProvisioner()
    var controller: ClusterController!

    override func setUpWithError() throws {
        folder = TemporaryDirectory("cluster-controller")
        database = try MasterDatabase(path: folder.path + "/ess.db")
        controller = ClusterController(database: database, directory: folder.path, provisioner: provisioner, idleGrace: 0.3, tickInterval: 0.05)
        controller.start()
    }

    override func tearDownWithError() throws {
        controller.stop()
        database = nil
        folder.remove()
    }

    func wait(_ id: Int64, _ what: String, until condition: (ClusterView) -> Bool, file: StaticString = #filePath, line: UInt = #line) throws -> ClusterView {
        var view = try controller.view(of: id)
        try waitUntil("cluster \(id) to become \(what) (it is \(view.status))", timeout: 20) {
            view = try controller.view(of: id)
            return condition(view)
        }
        return view
    }

    func testCreateProvisionsThenIdlesThenTerminatesOnIdle() throws {
        let made = try controller.create(ClusterRequest(nodes: 2, terminateOnIdle: true, timeToIdle: 1))
        XCTAssertEqual(made.status, .pending)
        XCTAssertEqual(made.name, "cluster-\(made.id)")
        XCTAssertEqual(made.folder, folder.path + "/clusters/\(made.id)")
        let ready = try wait(made.id, "available") { $0.status != .pending && $0.status != .creating }
        XCTAssertEqual(ready.nodes.map(\.id), ["n1", "n2"])
        let ended = try wait(made.id, "terminated") { $0.status == .terminated }
        XCTAssertTrue(ended.terminatedOnIdle)
        XCTAssertNotNil(ended.idleSince)
        XCTAssertEqual(provisioner.lock.withLock { provisioner.notes[made.id] },
                       ["pending", "creating", "available", "idle", "pending_terminate", "terminating", "terminated"])
    }

    func testDeleteWhileCreatingTerminatesOnceTheNodesAreMade() throws {
        provisioner.lock.withLock { provisioner.hold = true }
        let made = try controller.create(ClusterRequest(nodes: 1))
        _ = try wait(made.id, "creating") { $0.status == .creating }
        XCTAssertEqual(try controller.terminate(made.id).status, .pendingTerminate)
        provisioner.gate.signal()
        let ended = try wait(made.id, "terminated") { $0.status == .terminated }
        XCTAssertNil(ended.availableSince)
        XCTAssertEqual(provisioner.summary(of: made.folder)?.nodes, [])
    }

    func testAFailedProvisionIsAnErrorWithItsReason() throws {
        provisioner.lock.withLock { provisioner.failProvision = "node n2 did not answer SSH" }
        let made = try controller.create(ClusterRequest(nodes: 2))
        let failed = try wait(made.id, "error") { $0.status == .error }
        XCTAssertEqual(failed.errorReason, "node n2 did not answer SSH")
        XCTAssertThrowsError(try controller.resize(made.id, nodes: 3)) { error in
            XCTAssertEqual(error as? ClusterControllerError, .refused(clusterID: made.id, request: "resize", status: .error))
        }
    }

    func testResizeGrowsAndShrinksAndSandboxesStayOneNode() throws {
        let made = try controller.create(ClusterRequest(nodes: 1))
        _ = try wait(made.id, "ready") { $0.status.acceptsJobs }
        _ = try controller.resize(made.id, nodes: 3)
        XCTAssertEqual(try wait(made.id, "3 nodes") { $0.nodeCount == 3 }.nodes.count, 3)
        _ = try controller.resize(made.id, nodes: 1)
        XCTAssertEqual(try wait(made.id, "1 node") { $0.nodeCount == 1 }.nodes.map(\.id), ["n1"])
        let sandbox = try controller.create(ClusterRequest(nodes: 1, type: "sandbox"))
        XCTAssertThrowsError(try controller.resize(sandbox.id, nodes: 2)) { XCTAssertEqual($0 as? ClusterControllerError, .sandboxResize(clusterID: sandbox.id)) }
        XCTAssertThrowsError(try controller.create(ClusterRequest(nodes: 0))) { XCTAssertEqual(($0 as? ClusterRequestError)?.field, "nodes") }
        XCTAssertThrowsError(try controller.terminate(ClusterView.ownID)) { XCTAssertEqual($0 as? ClusterControllerError, .ownCluster(request: "terminate")) }
    }

    func testAnUpdateChangesAllItAsksForOrNothing() throws {
        provisioner.lock.withLock { provisioner.hold = true }
        let made = try controller.create(ClusterRequest(name: "before", nodes: 1))
        _ = try wait(made.id, "creating") { $0.status == .creating }
        XCTAssertThrowsError(try controller.update(made.id, ClusterUpdate(name: "after", nodes: 2, timeToIdle: 60))) { error in
            XCTAssertEqual(error as? ClusterControllerError, .refused(clusterID: made.id, request: "resize", status: .creating))
        }
        var view = try controller.view(of: made.id)
        XCTAssertEqual([view.name, String(view.timeToIdle)], ["before", "3600.0"], "a refused update changes nothing")
        view = try controller.update(made.id, ClusterUpdate(name: "after", terminateOnIdle: true, timeToIdle: 60))
        XCTAssertEqual(view.name, "after")
        XCTAssertEqual(view.timeToIdle, 60)
        XCTAssertTrue(view.terminateOnIdle)
        provisioner.gate.signal()
    }

    func testTheMastersNodeLimitCountsEveryLiveClusterAndResize() throws {
        controller.stop()
        let limited = ClusterController(database: database, directory: folder.path, provisioner: provisioner, idleGrace: 100, tickInterval: 0.05, maxNodes: 3)
        limited.start()
        defer { limited.stop() }
        let first = try limited.create(ClusterRequest(nodes: 2))
        XCTAssertThrowsError(try limited.create(ClusterRequest(nodes: 2))) {
            XCTAssertEqual($0 as? ClusterControllerError, .overNodeLimit(limit: 3, inUse: 2, asked: 2))
        }
        _ = try wait(first.id, "ready") { $0.status.acceptsJobs }
        XCTAssertThrowsError(try limited.resize(first.id, nodes: 4)) {
            XCTAssertEqual($0 as? ClusterControllerError, .overNodeLimit(limit: 3, inUse: 2, asked: 2))
        }
        _ = try limited.terminate(first.id)
        _ = try wait(first.id, "terminated") { $0.status == .terminated }
        XCTAssertEqual(try limited.create(ClusterRequest(nodes: 3)).nodeCount, 3, "a terminated cluster's nodes are free again")
    }

    func testListsTheOwnClusterFirstThenFiltersSortsAndPages() throws {
        provisioner.lock.withLock { provisioner.folders[folder.path] = ["own-1"] }
        let first = try controller.create(ClusterRequest(name: "b", nodes: 1))
        let second = try controller.create(ClusterRequest(name: "a", nodes: 1))
        _ = try wait(second.id, "ready") { $0.status.acceptsJobs }
        XCTAssertEqual(try controller.views().map(\.id), [0, first.id, second.id])
        XCTAssertEqual(try controller.views(sort: .name).map(\.name).dropFirst(), ["a", "b"])
        XCTAssertEqual(try controller.views(descending: true, offset: 1, limit: 1).map(\.id), [second.id])
        XCTAssertEqual(try controller.views(status: [.terminated]).map(\.id), [])
        XCTAssertEqual(try controller.view(of: 0).status, .idle)
    }

    func testJobsRunOnTheClusterTheyName() throws {
        let own = FakeWorkers(names: ["own"]), api = FakeWorkers(names: ["api"])
        let source = ClusterWorkerSource(own: own, database: database) { _ in api }
        let master = JobMaster(database: database, source: source, outputRoot: folder.path + "/jobs", directory: folder.path, clusters: controller)
        defer { master.shutdown() }
        provisioner.lock.withLock { provisioner.hold = true }
        let made = try controller.create(ClusterRequest(nodes: 1))
        let spec = Data(#"{"name": "n", "command": "echo {start}", "inputs": {"range": {"start": 1, "end": 3}}}"#.utf8)
        XCTAssertThrowsError(try master.submit(spec, clusterID: made.id)) { error in
            XCTAssertTrue([.notRunnable(clusterID: made.id, status: .pending), .notRunnable(clusterID: made.id, status: .creating)]
                .contains(error as? ClusterControllerError))
        }
        XCTAssertThrowsError(try master.submit(spec, clusterID: 99)) { XCTAssertEqual($0 as? ClusterControllerError, .noSuchCluster(clusterID: 99)) }
        XCTAssertEqual(try store.jobs().count, 0, "a refused job is not stored")
        provisioner.gate.signal()
        _ = try wait(made.id, "ready") { $0.status.acceptsJobs }
        let onAPI = try master.submit(spec, clusterID: made.id)
        let onOwn = try master.submit(spec)
        for exID in [onAPI.exID!, onOwn.exID!] {
            _ = try eventually(within: 20) { try store.execution(exID).status == .completed }
        }
        XCTAssertEqual(try store.execution(onAPI.exID!).clusterID, made.id)
        XCTAssertEqual(Set(try store.slices(of: onAPI.exID!, in: [.completed]).compactMap(\.worker)), ["api"])
        XCTAssertEqual(Set(try store.slices(of: onOwn.exID!, in: [.completed]).compactMap(\.worker)), ["own"])
    }
}
