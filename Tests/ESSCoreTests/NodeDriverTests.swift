import ClusterModel
import ESSCore
import XCTest

/// The driver performs what the lifecycle asks: probes when one is due, pins a key only on first
/// use, records a give-up, marks a forgotten node gone.
final class NodeDriverTests: XCTestCase {
    /// Answers every probe with the same event, counting them.
    final class StubProber: NodeProber, @unchecked Sendable {
        let event: NodeEvent
        var probes = 0

        init(_ event: NodeEvent) { self.event = event }

        func probe(_ node: Node) -> ProbeResult {
            probes += 1
            return ProbeResult(event: event, reading: nil)
        }
    }

    let key = PinnedHostKey(type: "ssh-ed25519", base64: "AAAA", fingerprint: "SHA256:new")

    func node(_ state: NodeState, hostKey: PinnedHostKey? = nil) -> Node {
        Node(id: "i-1", type: "t", state: state, privateAddress: "127.0.0.2", publicAddress: nil, hostKey: hostKey)
    }

    func instance(_ state: NodeState) -> ProviderInstance {
        ProviderInstance(
            id: "i-1", reservationID: "r-1", type: "t", rawState: state.rawValue, state: state,
            privateAddress: "127.0.0.3", publicAddress: nil, clusterTag: nil, launchedAt: nil)
    }

    func testAProbeAskedForWithoutAProberWaitsForTheNextOne() {
        var driver = NodeDriver.launched(instance(.running))
        XCTAssertEqual(driver.state, .running)
        let prober = StubProber(.sshAnswered(hostKey: key))
        driver.observe(instance(.running), prober: prober)
        XCTAssertEqual(prober.probes, 1, "the probe due since the launch is performed once a prober comes")
        XCTAssertEqual(driver.state, .reachable)
        XCTAssertEqual(driver.node.hostKey, key)
        XCTAssertEqual(driver.node.privateAddress, "127.0.0.3")
        driver.resume(with: prober)
        XCTAssertEqual(prober.probes, 1, "nothing is due any more")
    }

    func testAPinnedKeyIsNeverReplaced() {
        let old = PinnedHostKey(type: "ssh-ed25519", base64: "BBBB", fingerprint: "SHA256:old")
        var driver = NodeDriver(node: node(.reachable, hostKey: old))
        driver.handle(.checkRequested, prober: StubProber(.sshAnswered(hostKey: key)))
        XCTAssertEqual(driver.node.hostKey, old)
    }

    func testGiveUpRecordsTheReasonAndForgetMarksTheNodeGone() {
        var driver = NodeDriver(node: node(.pending))
        let prober = StubProber(.sshTimedOut(waited: 9, lastError: "timeout"))
        driver.handle(.providerReported(.running), prober: prober)
        XCTAssertEqual(driver.failure, "no SSH answer within 9 s; last: timeout")
        XCTAssertEqual(driver.state, .running)
        XCTAssertFalse(driver.gone)
        driver.handle(.providerReported(.terminated))
        XCTAssertTrue(driver.gone)
        XCTAssertEqual(driver.state, .terminated)
    }

    func testANodeNotUpIsNotChecked() {
        var driver = NodeDriver(node: node(.stopped))
        let prober = StubProber(.sshAnswered(hostKey: key))
        driver.handle(.checkRequested, prober: prober)
        XCTAssertEqual(prober.probes, 0)
        XCTAssertEqual(driver.state, .stopped)
    }
}
