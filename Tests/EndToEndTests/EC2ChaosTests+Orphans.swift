import Foundation
import TestSupport
import XCTest

/// Issue 18, the orphan window: `ess cluster create` killed after its RunInstances reached EC2
/// and before it recorded the answer. Then `status` and `terminate --all` alone (no `add`) must
/// find the nodes by their launch's token, and leave nothing at the cloud.
extension EC2ChaosTests {
    /// Starts `create --number=nodes` in a fresh directory through the proxy configured so, and
    /// kills it with SIGKILL once the proxy counts a RunInstances in `table` (or 60 s pass).
    func killCreate(nodes: Int, proxy config: [String: Any], once table: KeyPath<FaultProxy.Stats, [String: Int]>) throws -> EssHarness {
        let harness = freshHarness()
        proxy.configure(config)
        proxy.resetCounts()
        let run = try EssProcess(harness, ["cluster", "create", "--number=\(nodes)", "--type=t3.micro", "--provider", "ec2", "--wait-for", "running"])
        let deadline = Date().addingTimeInterval(60)
        while (proxy.stats()[keyPath: table]["RunInstances"] ?? 0) < 1, Date() < deadline, run.process.isRunning {
            usleep(20_000)
        }
        run.send(SIGKILL)
        _ = run.wait(timeout: 30)
        XCTAssertTrue(run.wasKilled, "killed during the create: \(run.stderr)")
        return harness
    }

    /// The window itself: EC2 has made the 4 instances, its answer is held back by the proxy, and
    /// `ess` is killed. Nothing of the launch but its token is in reservation.json.
    func testKillAfterRunInstancesReachedEC2LeavesNothingBehind() throws {
        let harness = try killCreate(nodes: 4, proxy: ["actions": ["RunInstances": ["hold": 1]], "hold_seconds": 30], once: \.forwarded)
        XCTAssertEqual(proxy.stats().forwarded["RunInstances"], 1, "the launch reached moto")

        let cluster = try XCTUnwrap(clusterID(harness))
        XCTAssertEqual(taggedInstances(cluster).count, 4, "EC2 started them")
        XCTAssertEqual(recordedNodes(harness), [], "no id of them was recorded")
        let file = try XCTUnwrap(try JSONSerialization.jsonObject(with: try XCTUnwrap(harness.stateBytes)) as? [String: Any])
        XCTAssertEqual((file["launches"] as? [[String: Any]])?.count, 1, "the launch's token was: \(file)")

        proxy.configure([:])
        let status = harness.run(["cluster", "status", "--json"])
        let shown = (try? JSONSerialization.jsonObject(with: Data(status.stdout.utf8))) as? [String: Any] ?? [:]
        XCTAssertEqual((shown["nodes"] as? [Any])?.count, 4, "status records and shows them: \(status.stdout) \(status.stderr)")
        XCTAssertEqual(shown["unlisted_instances"] as? [String], [])
        XCTAssertTrue(status.stderr.contains("launched by a create that had not recorded it"), status.stderr)
        XCTAssertEqual(Set(recordedNodes(harness) ?? []), Set(taggedInstances(cluster)))

        let terminate = harness.run(["cluster", "terminate", "--all", "-y"])
        XCTAssertEqual(terminate.status, 0, terminate.stderr)
        assertNoLeftovers("a kill right after RunInstances reached EC2")
        figure("kill-after-runinstances", "4 instances made, 0 recorded at the kill; status recorded 4; terminate --all left 0")
    }

    /// Killed while its RunInstances is still on its way (the proxy forwards it 8 s later): at the
    /// kill EC2 has nothing, and `terminate --all` runs at once. It looks for the launch by its
    /// token until 15 s after it began, finds it when it lands, and ends it with the rest. (The
    /// proxy's count, not a look at moto, shows nothing reached EC2: it answers at once, on a
    /// loaded machine too.)
    func testKillWhileRunInstancesIsOnItsWayLeavesNothingBehind() throws {
        let harness = try killCreate(nodes: 2, proxy: ["actions": ["RunInstances": ["delay": 1]], "delay_seconds": 8.0], once: \.received)
        XCTAssertEqual(proxy.stats().forwarded["RunInstances"] ?? 0, 0, "nothing reached EC2 yet")
        XCTAssertNotNil(clusterID(harness))

        let terminate = harness.run(["cluster", "terminate", "--all", "-y"], timeout: 120)
        XCTAssertEqual(terminate.status, 0, terminate.stderr)
        XCTAssertEqual(proxy.stats().forwarded["RunInstances"], 1, "the launch landed after the kill")
        XCTAssertTrue(terminate.stdout.contains("terminated 2 nodes"), terminate.stdout + terminate.stderr)
        assertNoLeftovers("a kill while RunInstances was on its way")
        figure("kill-before-runinstances-landed", "the launch landed about 8 s after the kill; terminate --all found its 2 instances by token and left 0")
    }
}
