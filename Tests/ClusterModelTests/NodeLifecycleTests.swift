import ClusterModel
import XCTest

/// The node state machine, as scripts: event → expected state and action.
final class NodeLifecycleTests: XCTestCase {
    let key = PinnedHostKey(type: "ssh-ed25519", base64: "AAAA", fingerprint: "SHA256:abc")

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
            (.sshAnswered(hostKey: key), .reachable, .pinHostKey(key)),
            (.providerReported(.running), .reachable, .none),
        ])
    }

    func testWrongKeyFailsAndStaysFailed() {
        run([
            (.launchAccepted, .pending, .none),
            (.providerReported(.running), .running, .probeSSH),
            (.sshRefused(reason: "auth"), .failed, .giveUp(reason: "auth")),
            (.providerReported(.running), .failed, .none),
            (.sshAnswered(hostKey: key), .failed, .none),
        ])
    }

    func testTimeoutGivesUpWithTheLastError() {
        run([(.sshTimedOut(waited: 30, lastError: "connection refused"), .running, .giveUp(reason: "no SSH answer within 30 s; last: connection refused"))], from: .running)
    }

    func testTimeoutKeepsTheNodeRunningARefusalFailsIt() {
        var timedOut = NodeLifecycle(state: .running)
        var refused = NodeLifecycle(state: .running)
        XCTAssertEqual(timedOut.handle(.sshTimedOut(waited: 5, lastError: "timeout")), .giveUp(reason: "no SSH answer within 5 s; last: timeout"))
        XCTAssertEqual(refused.handle(.sshRefused(reason: "host key changed")), .giveUp(reason: "host key changed"))
        XCTAssertEqual(timedOut.failure, "no SSH answer within 5 s; last: timeout")
        XCTAssertEqual(refused.failure, "host key changed")
        XCTAssertEqual(timedOut.state, .running, "silence may pass: status checks the node again")
        XCTAssertEqual(refused.state, .failed, "a refusal will not pass by waiting")
    }

    func testLateTimeoutAfterAnAnswerChangesNothing() {
        run([(.sshTimedOut(waited: 5, lastError: "x"), .reachable, .none)], from: .reachable)
    }

    func testATimedOutNodeIsCheckedAgainByStatus() {
        run([
            (.providerReported(.running), .running, .probeSSH),
            (.sshTimedOut(waited: 5, lastError: "timeout"), .running, .giveUp(reason: "no SSH answer within 5 s; last: timeout")),
            (.checkRequested, .running, .probeSSH),
            (.sshAnswered(hostKey: key), .reachable, .pinHostKey(key)),
        ], from: .pending)
    }

    func testStatusChecksOnlyNodesThatAreUp() {
        run([(.checkRequested, .reachable, .probeSSH), (.sshAnswered(hostKey: key), .reachable, .pinHostKey(key))], from: .reachable)
        run([(.checkRequested, .running, .probeSSH), (.sshUnanswered(reason: "refused"), .running, .none)], from: .running)
        run([(.checkRequested, .stopped, .none)], from: .stopped)
        run([(.checkRequested, .failed, .none)], from: .failed)
    }

    func testACheckThatGetsNoAnswerDemotesAReachableNodeWithoutFailingIt() {
        run([
            (.checkRequested, .reachable, .probeSSH),
            (.sshUnanswered(reason: "connection refused"), .running, .none),
            (.checkRequested, .running, .probeSSH),
            (.sshAnswered(hostKey: key), .reachable, .pinHostKey(key)),
        ], from: .reachable)
    }

    func testStartWaitsForRunningThenProbesEvenANodeKnownReachable() {
        run([
            (.startRequested, .pending, .none),
            (.providerReported(.pending), .pending, .none),
            (.providerReported(.running), .running, .probeSSH),
            (.sshAnswered(hostKey: key), .reachable, .pinHostKey(key)),
        ], from: .reachable)
        run([(.startRequested, .pending, .none), (.providerReported(.running), .running, .probeSSH)], from: .stopping)
        run([(.startRequested, .failed, .none), (.providerReported(.running), .failed, .none)], from: .failed)
    }

    func testLaunchThenRunningAtOnceAsksForAProbe() {
        run([(.launchAccepted, .pending, .none), (.providerReported(.running), .running, .probeSSH)])
    }

    func testANodeTheProviderNoLongerKnowsIsForgotten() {
        run([(.providerReported(.terminated), .terminated, .forget)], from: .running)
        run([(.providerReported(.terminated), .terminated, .forget)], from: .failed)
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
