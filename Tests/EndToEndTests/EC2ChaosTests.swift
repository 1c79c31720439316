import Foundation
import Platform
import TestSupport
import XCTest

/// Issue 5, parts 2, 3, 4 and 6, and issue 9 part 1 (`+Throttling`): `ess --provider ec2`
/// through the built binary against moto behind `Scripts/fault_proxy.py`. Small by default; `ESS_CHAOS=full` runs the full size
/// (`Scripts/chaos`). Each test prints one `FIGURE name: value` line.
///
/// The subnet's addresses lead to a bridge of ours with no hosts on it, so the SSH probes of
/// `ess cluster status` reach nothing but this machine.
final class EC2ChaosTests: XCTestCase {
    var ess: EssHarness!
    var moto: MotoServer!
    var proxy: FaultProxy!
    var network: NamespaceHosts!
    var subnet = ""
    /// Harnesses of extra trials, cleaned up in tearDown.
    var trials: [EssHarness] = []

    static var full: Bool { ProcessInfo.processInfo.environment["ESS_CHAOS"] == "full" }

    override func setUpWithError() throws {
        try XCTSkipUnless(MotoServer.isInstalled, "moto[server] is not installed; Scripts/setup installs it")
        try XCTSkipUnless(NamespaceHosts.isSupported, "the ec2 chaos tests need root for ip netns")
        ess = EssHarness("ess-chaos")
        moto = try MotoServer(folder: ess.root)
        proxy = try FaultProxy(upstream: moto, folder: ess.root, seed: 5)
        network = NamespaceHosts(folder: ess.root + "/hosts")
        try network.up()
        subnet = moto.makeSubnet(cidr: network.cidr)
        XCTAssertTrue(subnet.hasPrefix("subnet-"), subnet)
        ess.environment = environment
    }

    /// moto's credentials, the proxy as the endpoint, the standard 3 attempts, a small backoff base.
    var environment: [String: String] {
        moto.environment.merging([
            "AWS_ENDPOINT_URL": proxy.endpoint, "AWS_MAX_ATTEMPTS": "3", "ESS_RETRY_BASE_SECONDS": "0.05",
            "ESS_EC2_SUBNET": subnet, "ESS_SSH_CIDR": "127.0.0.1/32", "ESS_SSH_ADDRESS": "private",
        ]) { _, new in new }
    }

    override func tearDown() {
        proxy?.configure([:])
        for harness in trials + [ess].compactMap({ $0 }) {
            harness.run(["cluster", "terminate", "--all", "-y"], timeout: 120)
            try? FileManager.default.removeItem(atPath: harness.root)
        }
        network?.stopAll()
        proxy?.stop()
        moto?.stop()
    }

    /// A new directory and ESS_AWS_DIR against the same moto and proxy.
    func freshHarness() -> EssHarness {
        let harness = EssHarness("ess-chaos-trial")
        harness.environment = environment
        trials.append(harness)
        return harness
    }

    func figure(_ name: String, _ value: String) {
        print("FIGURE \(name): \(value)")
    }

    /// The state file's nodes, or nil when it is missing or does not parse.
    func recordedNodes(_ harness: EssHarness) -> [String]? {
        guard let data = harness.stateBytes,
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        let reservations = object["reservations"] as? [[String: Any]] ?? []
        return reservations.flatMap { ($0["nodes"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String } }
    }

    func clusterID(_ harness: EssHarness) -> String? {
        guard let data = harness.stateBytes, let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        return object["cluster_id"] as? String
    }

    /// Live instances tagged with the cluster, by id.
    func taggedInstances(_ cluster: String) -> [String] {
        moto.inspect("""
            tagged = [{"Name": "tag:ess:cluster", "Values": ["\(cluster)"]}]
            for r in ec2.describe_instances(Filters=tagged)["Reservations"]:
                for i in r["Instances"]:
                    if i["State"]["Name"] != "terminated": print(i["InstanceId"])
            """).split(separator: "\n").map(String.init)
    }

    func assertNoLeftovers(_ what: String, file: StaticString = #filePath, line: UInt = #line) {
        let left = moto.essLeftovers()
        XCTAssertEqual([left.instances, left.keyPairs, left.groups], [0, 0, 0], "leftovers after \(what)", file: file, line: line)
    }

    /// Part 2: the RunInstances answer is lost 1, 2, 3 times (the client retries with the same
    /// ClientToken, which the proxy honours as EC2 does), and 8 times (the attempts run out and
    /// ess finds the launch by its ess:launch tag): never a duplicate, never an unrecorded node.
    func testLostRunInstancesResponsesMakeNoDuplicates() throws {
        let losses = Self.full ? [1, 2, 3, 8, 1, 2, 3, 8, 1, 2, 3, 8] : [1, 2, 3, 8]
        var duplicates = 0, unrecorded = 0
        for lose in losses {
            proxy.configure(["actions": ["RunInstances": ["lose": lose]], "consistency_seconds": 2])
            proxy.resetCounts()
            let harness = freshHarness()
            let created = harness.run(["cluster", "create", "--number=3", "--type=t3.micro", "--provider", "ec2", "--wait-for", "running"])
            XCTAssertEqual(created.status, 0, "lost \(lose) times: \(created.stderr)")
            let cluster = try XCTUnwrap(clusterID(harness))
            let tagged = taggedInstances(cluster)
            let recorded = Set(recordedNodes(harness) ?? [])
            duplicates += max(0, tagged.count - 3)
            unrecorded += Set(tagged).subtracting(recorded).count
            XCTAssertEqual(tagged.count, 3, "lost \(lose) times: instances")
            XCTAssertEqual(recorded, Set(tagged), "lost \(lose) times: recorded")
            XCTAssertEqual(proxy.stats().forwarded["RunInstances"], 1, "lost \(lose) times: one launch reached EC2")
            XCTAssertEqual(harness.run(["cluster", "terminate", "--all", "-y"]).status, 0)
        }
        assertNoLeftovers("the lost-response trials")
        figure(
            "lost-runinstances",
            "\(losses.count) creates with the RunInstances answer lost \(Set(losses).sorted().map(String.init).joined(separator: "/")) times: "
                + "\(duplicates) duplicate instances, \(unrecorded) unrecorded")
    }

    /// Part 4: DeleteSecurityGroup answers DependencyViolation 3 times during terminate --all:
    /// nothing is left, and a second terminate --all makes no mutating call and exits 0.
    func testTerminateAllThroughDependencyViolation() throws {
        let rounds = Self.full ? 3 : 1
        var secondMutating = 0
        for _ in 0..<rounds {
            let harness = freshHarness()
            XCTAssertEqual(harness.run(["cluster", "create", "--number=2", "--type=t3.micro", "--provider", "ec2", "--no-wait"]).status, 0)
            proxy.configure(["actions": ["DeleteSecurityGroup": ["dependency_violation": 3]]])
            proxy.resetCounts()
            let first = harness.run(["cluster", "terminate", "--all", "-y"], timeout: 180)
            XCTAssertEqual(first.status, 0, first.stderr)
            XCTAssertEqual(proxy.stats().faults["dependency_violation"], 3)
            XCTAssertEqual(proxy.stats().received["DeleteSecurityGroup"], 4, "3 refusals, then the delete")
            assertNoLeftovers("terminate --all through DependencyViolation")
            proxy.resetCounts()
            let second = harness.run(["cluster", "terminate", "--all", "-y"])
            XCTAssertEqual(second.status, 0, second.stderr)
            secondMutating += proxy.stats().mutatingReceived
            XCTAssertEqual(proxy.stats().mutatingReceived, 0, "the second terminate --all changes nothing: \(proxy.stats().received)")
        }
        figure(
            "dependency-violation",
            "\(rounds) terminate --all through 3 DependencyViolation answers: 0 leftovers; second terminate --all: \(secondMutating) mutating calls, exit 0")
    }
}
