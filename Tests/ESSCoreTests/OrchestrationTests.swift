import ClusterModel
import ESSCore
import Foundation
import Logging
import Platform
import TestSupport
import XCTest

/// The verbs in-process: a scripted provider, a fake connector and a manual clock stand in for the
/// cloud, the nodes' sshd and time. The end-to-end tests run the same verbs against real sshd.
final class OrchestrationTests: XCTestCase {
    var directory: TemporaryDirectory!
    var provider: ScriptedProvider!
    var connector: FakeConnector!
    var clock: ManualClock!
    var context: ClusterContext!

    override func setUp() {
        directory = TemporaryDirectory()
        provider = ScriptedProvider()
        connector = FakeConnector()
        clock = ManualClock()
        let paths = ESSPaths(workingDirectory: directory.path, environment: ["ESS_AWS_DIR": directory.path + "/aws", "HOME": directory.path])
        let provider = self.provider!
        context = ClusterContext(paths: paths, makeProvider: { _, _ in provider }, defaultUser: { _ in "tester" }, sink: SilentSink(), logger: Logger(label: "test"))
        context.connector = connector
        context.clock = clock
    }

    override func tearDown() {
        directory.remove()
    }

    func create(_ number: Int, add: Bool = false, wait: CreateWait = .ssh, timeout: TimeInterval = 60) throws -> CreateOutcome {
        try CreateCluster(context).run(
            CreateRequest(number: number, type: "m3.medium", add: add, provider: nil, wait: wait, waitTimeout: timeout))
    }

    /// Each recorded node's state, by id.
    func recorded() throws -> [String: NodeState] {
        Dictionary(uniqueKeysWithValues: try XCTUnwrap(try context.store.load()).nodes.map { ($0.id, $0.state) })
    }

    func testCreateWaitsUntilEveryNodeAnswersAndPinsItsKey() throws {
        let outcome = try create(3)
        XCTAssertEqual(outcome.nodeIDs, ["i-1", "i-2", "i-3"])
        XCTAssertEqual(outcome.failures, [:])
        XCTAssertEqual(try recorded(), ["i-1": .reachable, "i-2": .reachable, "i-3": .reachable])
        let nodes = try XCTUnwrap(try context.store.load()).nodes
        XCTAssertEqual(nodes.map(\.hostKey), nodes.map { FakeConnector.key($0.id) })
        XCTAssertEqual(outcome.status?.rows.filter { $0.reading?.reachable == true }.count, 3)
        XCTAssertEqual(outcome.status?.others, [])
        XCTAssertEqual(clock.totalSlept, 0, "nodes that answer at once are never waited on")
        XCTAssertEqual(provider.calls.prefix(4), ["ensureKeyPair", "ensureSecurityGroup", "launch 3", "waitUntilRunning i-1,i-2,i-3"])
    }

    func testATimeoutAndARefusalEndDifferently() throws {
        connector.set("i-2", .silent)
        connector.set("i-3", .refuses("the host key of i-3 changed"))
        let outcome = try create(3, timeout: 30)
        XCTAssertEqual(outcome.failures["i-2"], "no SSH answer within 30 s; last: connection timed out")
        XCTAssertEqual(outcome.failures["i-3"], "the host key of i-3 changed")
        XCTAssertNil(outcome.failures["i-1"])
        // Silence may pass (the node stays running, status checks it again); a refusal will not.
        XCTAssertEqual(try recorded(), ["i-1": .reachable, "i-2": .running, "i-3": .failed])
        XCTAssertEqual(connector.contacts("i-3"), 1, "refused once; a failed node is not checked again by the status that follows")
        XCTAssertGreaterThan(connector.contacts("i-2"), 5, "the silent node was retried until its deadline")
        XCTAssertGreaterThanOrEqual(clock.totalSlept, 29, "the wait ran on the injected clock")
    }

    func testANodeThatNeverRunsIsNotProbed() throws {
        provider.keptPending = ["i-2"]
        let outcome = try create(2)
        XCTAssertEqual(outcome.failures, ["i-2": "the provider reports it pending, not running"])
        XCTAssertEqual(connector.contacts("i-2"), 0)
        XCTAssertEqual(try recorded(), ["i-1": .reachable, "i-2": .pending])
    }

    func testWaitForRunningProbesNothing() throws {
        let outcome = try create(2, wait: .running)
        XCTAssertEqual(outcome.failures, [:])
        XCTAssertNil(outcome.status)
        XCTAssertEqual(try recorded(), ["i-1": .running, "i-2": .running])
        XCTAssertEqual(connector.contacts("i-1") + connector.contacts("i-2"), 0)
    }

    func testAFailedLaunchRecordsNoNode() throws {
        provider.launchFailure = ProviderError.unsupported(.local, .launch)
        XCTAssertThrowsError(try create(9)) { error in
            XCTAssertEqual(error as? ProviderError, .unsupported(.local, .launch), "the provider's fact passes through as it is")
        }
        XCTAssertEqual(try XCTUnwrap(try context.store.load()).nodes, [])
    }

    func testALaunchThatStartedFewerNodesIsRecordedAndFailsLoudly() throws {
        provider.launchCap = 3
        XCTAssertThrowsError(try create(5)) { error in
            XCTAssertEqual(error as? LaunchError, .fewerStarted(started: 3, asked: 5, reservation: "r-1"))
        }
        XCTAssertEqual(try XCTUnwrap(try context.store.load()).nodes.map(\.id), ["i-1", "i-2", "i-3"])
    }

    func testCtrlCBeforeTheLaunchStartsNoNode() throws {
        context.cancellation.cancel()
        XCTAssertThrowsError(try create(2)) { error in
            guard case .interruptedBeforeLaunch(_, context.paths.stateFile, 2)? = error as? LaunchError else { return XCTFail("\(error)") }
        }
        XCTAssertFalse(provider.calls.contains { $0.hasPrefix("launch") })
        XCTAssertEqual(try XCTUnwrap(try context.store.load()).nodes, [])
    }

    func testCtrlCDuringTheSSHWaitLeavesTheLaunchRecorded() throws {
        connector.set("i-1", .silent)
        connector.set("i-2", .silent)
        connector.cancelOnKnock = (context.cancellation, "i-1")
        XCTAssertThrowsError(try create(2, timeout: 3600)) { error in
            XCTAssertEqual(error as? LaunchError, .interruptedAfterLaunch(reservation: "r-1", nodes: ["i-1", "i-2"], stateFile: context.paths.stateFile))
        }
        XCTAssertEqual(Set(try recorded().keys), ["i-1", "i-2"])
    }

    func testCreateAddWaitsOnItsOwnNodesOnly() throws {
        _ = try create(2)
        let before = (connector.contacts("i-1"), connector.contacts("i-2"))
        connector.set("i-1", .silent)
        connector.set("i-2", .silent)
        let calls = provider.calls.count
        let outcome = try create(2, add: true)
        XCTAssertEqual(outcome.failures, [:])
        XCTAssertEqual(connector.contacts("i-1"), before.0, "the older reservation's nodes are not contacted")
        XCTAssertEqual(connector.contacts("i-2"), before.1)
        XCTAssertFalse(provider.calls.dropFirst(calls).contains { $0.contains("r-1") || $0 == "describe cluster" }, "\(provider.calls)")
        let status = try XCTUnwrap(outcome.status)
        XCTAssertEqual(status.rows.map(\.node.id), ["i-3", "i-4"])
        XCTAssertEqual(status.others.map(\.id), ["r-1"])
        XCTAssertEqual(status.others.first?.nodes, 2)
        XCTAssertEqual(status.others.first?.reachable, 2, "as last recorded")
    }

    func testStartWaitsForRunningThenForSSH() throws {
        _ = try create(2)
        XCTAssertEqual(try PowerCluster(context).stop(), ["i-1", "i-2"])
        XCTAssertEqual(try recorded(), ["i-1": .stopping, "i-2": .stopping])
        connector.set("i-2", .refuses("authentication failed"))
        let (status, failures) = try PowerCluster(context).start(waitTimeout: 60)
        XCTAssertEqual(failures, ["i-2": "authentication failed"])
        XCTAssertEqual(try recorded(), ["i-1": .reachable, "i-2": .failed])
        XCTAssertEqual(status.unreachable.map(\.node.id), ["i-2"])
    }

    func testStatusChecksLiveNodesAndStoresNoState() throws {
        _ = try create(3)
        provider.keptPending = []
        try provider.terminate(instanceIDs: ["i-3"])
        _ = try provider.waitUntilTerminated(instanceIDs: ["i-3"], timeout: 1)
        connector.set("i-2", .silent)
        let contacted = connector.contacts("i-3")
        let before = FileManager.default.contents(atPath: context.paths.stateFile)
        let status = try ReadStatus(context).run()
        XCTAssertEqual(status.rows.map(\.node.state), [.reachable, .running, .terminated])
        XCTAssertEqual(status.rows.map(\.providerState), ["running", "running", "terminated"])
        XCTAssertEqual(status.unreachable.map(\.node.id), ["i-2", "i-3"])
        XCTAssertEqual(connector.contacts("i-3"), contacted, "a terminated node is not checked")
        XCTAssertEqual(FileManager.default.contents(atPath: context.paths.stateFile), before, "live states are shown, not stored")
    }

    func testTerminateForgetsGoneNodesAndKeepsSurvivors() throws {
        _ = try create(3)
        provider.survivors = ["i-2"]
        XCTAssertThrowsError(try TerminateCluster(context).run(all: false)) { error in
            XCTAssertEqual(error as? TerminateError, .notTerminatedInTime(nodes: ["i-2"]))
        }
        XCTAssertEqual(try recorded(), ["i-2": .terminating])
        provider.survivors = []
        let outcome = try TerminateCluster(context).run(all: true)
        XCTAssertEqual(outcome.terminated, ["i-2"])
        XCTAssertNil(try context.store.load())
        XCTAssertTrue(provider.calls.contains("deleteKeyPair"))
    }
}

/// Progress goes nowhere.
struct SilentSink: ProgressSink {
    func note(_ line: String) {}
    func progress(_ line: String) {}
    func endProgress() {}
}
