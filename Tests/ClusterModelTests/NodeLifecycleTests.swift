import ClusterModel
import XCTest

/// The node state machine, as scripts: event → expected state and action.
final class NodeLifecycleTests: XCTestCase {
    func run(_ script: [(NodeEvent, NodeState, NodeAction)], from start: NodeState = .requested,
             file: StaticString = #filePath, line: UInt = #line) {
        var life = NodeLifecycle(state: start)
        for (step, (event, state, action)) in script.enumerated() {
            let got = life.handle(event)
            XCTAssertEqual(life.state, state, "step \(step): \(event)", file: file, line: line)
            XCTAssertEqual(got, action, "step \(step): \(event)", file: file, line: line)
        }
    }

    func testHappyPathFromRequestToReachable() {
        run([
            (.launchAccepted, .pending, .none),
            (.providerReported(.pending), .pending, .none),
            (.providerReported(.running), .running, .probeSSH),
            (.sshAnswered, .reachable, .none),
            (.providerReported(.running), .reachable, .none),
        ])
    }

    func testWrongKeyFailsAndStaysFailed() {
        run([
            (.launchAccepted, .pending, .none),
            (.providerReported(.running), .running, .probeSSH),
            (.sshRefused(reason: "auth"), .failed, .giveUp(reason: "auth")),
            (.providerReported(.running), .failed, .none),
            (.sshAnswered, .failed, .none),
        ])
    }

    func testTimeoutGivesUp() {
        run([(.sshTimedOut, .failed, .giveUp(reason: "SSH did not answer in time"))], from: .running)
    }

    func testTerminationIgnoresStaleReports() {
        run([
            (.terminateRequested, .terminating, .none),
            (.providerReported(.running), .terminating, .none),
            (.providerReported(.terminating), .terminating, .none),
            (.providerReported(.terminated), .terminated, .forget),
            (.terminateRequested, .terminated, .none),
        ], from: .reachable)
    }

    func testUnreachableNodeFallsBackWhenProviderStops() {
        run([
            (.stopRequested, .stopping, .none),
            (.providerReported(.stopped), .stopped, .none),
            (.providerReported(.running), .running, .probeSSH),
        ], from: .reachable)
    }

    func testProvidersCannotClaimReachability() {
        run([(.providerReported(.reachable), .running, .none)], from: .running)
    }

    func testUnknownRawStatesAreNeverRunning() {
        let table = ProviderStateTable(["up": .running, "gone": .terminated])
        XCTAssertEqual(table.state(for: "weird"), .pending)
        XCTAssertEqual(table.state(for: "UP"), .running)
        XCTAssertEqual(table.state(for: "gone"), .terminated)
    }
}
