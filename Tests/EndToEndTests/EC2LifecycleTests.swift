import Foundation
import Platform
import TestSupport
import XCTest

/// `ess --provider ec2` through the built binary against a real moto_server, with a subnet of
/// ours whose addresses lead to a bridge on this machine: SSH to a node either reaches a real
/// test host in a network namespace at that address, or nothing (never another machine).
///
/// moto verifies every request here as EC2 does (an IAM user's access key, the signature
/// recomputed from the request as received), so every verb's calls are signed correctly.
final class EC2LifecycleTests: XCTestCase {
    var bed: EC2TestBed!
    var ess: EssHarness { bed.ess }
    var moto: MotoServer { bed.moto }
    var network: NamespaceHosts { bed.network }

    override func setUpWithError() throws {
        bed = try EC2TestBed("ess-ec2", authentication: .verifying)
    }

    override func tearDown() {
        bed?.tearDown()
    }

    func nodes(_ status: [String: Any]) -> [[String: Any]] {
        status["nodes"] as? [[String: Any]] ?? []
    }

    func reservationIDs(_ status: [String: Any]) -> [String] {
        (status["reservations"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }

    /// create 5 → create --add 3 → status → remove and add → terminate → terminate --all,
    /// with no hosts behind the addresses: the API side of every command.
    func testLifecycleAgainstMotoLeavesNothing() throws {
        let created = ess.ok(["cluster", "create", "--number=5", "--type=t3.micro", "--provider", "ec2", "--no-wait"])
        XCTAssertTrue(created.stdout.contains("reservation r-"), created.stdout)
        XCTAssertEqual(moto.essLeftovers().instances, 5)
        XCTAssertEqual(moto.essLeftovers().keyPairs, 1)
        XCTAssertEqual(moto.essLeftovers().groups, 1)

        ess.ok(["cluster", "create", "--add", "--number=3", "--type=t3.micro", "--no-wait"])
        let leftovers = moto.essLeftovers()
        XCTAssertEqual(leftovers.instances, 8)
        XCTAssertEqual(leftovers.keyPairs, 1, "--add reuses the key pair")
        XCTAssertEqual(leftovers.groups, 1, "--add reuses the security group")

        // status: the provider's view of 8 nodes; nobody answers SSH at these addresses.
        var status = try statusJSON()
        XCTAssertEqual(nodes(status).count, 8)
        for node in nodes(status) {
            XCTAssertEqual(node["provider_state"] as? String, "running", "\(node)")
            XCTAssertEqual(node["type"] as? String, "t3.micro")
            XCTAssertTrue((node["private_ip"] as? String ?? "").hasPrefix(network.prefix + "."), "\(node)")
            XCTAssertEqual(node["reachable"] as? Bool, false)
        }
        let reservations = reservationIDs(status)
        guard reservations.count == 2 else { return XCTFail("two reservations expected: \(reservations)") }

        // remove: forgotten, still running, and status finds them by their tag
        ess.ok(["cluster", "remove", reservations[1]])
        status = try statusJSON()
        XCTAssertEqual(nodes(status).count, 5)
        XCTAssertEqual((status["unlisted_instances"] as? [String])?.count, 3)
        let text = ess.run(["cluster", "status"])
        XCTAssertTrue(text.stdout.contains("ess cluster add \(reservations[1])"), text.stdout)
        XCTAssertEqual(moto.essLeftovers().instances, 8)

        // add it back (moto has no reservation-id filter: ess copes)
        ess.ok(["cluster", "add", reservations[1]])
        XCTAssertEqual(nodes(try statusJSON()).count, 8)
        let again = ess.run(["cluster", "add", reservations[1]])
        XCTAssertNotEqual(again.status, 0)
        XCTAssertTrue(again.stderr.contains("already in this cluster"), again.stderr)

        // stop and start go through the API (start then waits for SSH, which nobody answers)
        ess.ok(["cluster", "stop"])
        XCTAssertEqual(moto.inspect(instanceStates), "stopped=8")

        // plain terminate: instances gone, key pair and group kept
        ess.ok(["cluster", "terminate", "-y"])
        var after = moto.essLeftovers()
        XCTAssertEqual(after.instances, 0)
        XCTAssertEqual(after.keyPairs, 1)
        XCTAssertEqual(after.groups, 1)
        let keys = try FileManager.default.contentsOfDirectory(atPath: ess.aws + "/ess/keys")
        XCTAssertFalse(keys.isEmpty, "plain terminate keeps the key files")

        // terminate --all: nothing of ess's is left at the cloud or on disk
        ess.ok(["cluster", "terminate", "--all", "-y"])
        after = moto.essLeftovers()
        XCTAssertEqual(after.instances, 0)
        XCTAssertEqual(after.keyPairs, 0)
        XCTAssertEqual(after.groups, 0)
        XCTAssertEqual((try? FileManager.default.contentsOfDirectory(atPath: ess.aws + "/ess/keys")) ?? [], [])
        XCTAssertNil(ess.stateBytes)

        // a second terminate --all has nothing to do and says so
        XCTAssertEqual(ess.run(["cluster", "terminate", "--all", "-y"]).status, 0)
    }

    /// The full path: create → SSH answers from real hosts at the instances' addresses →
    /// status with cpu, memory and disk → stop/start → terminate.
    func testCreateReachesRealHostsAtTheInstancesAddresses() throws {
        let create = CreateInBackground(ess, ["cluster", "create", "--number=3", "--type=t3.micro", "--provider", "ec2", "--user", "root", "--wait-timeout", "90"])

        // As moto hands out addresses, put a host at each, with the cluster's key.
        let addresses = try waitFor("3 instance addresses") { () -> [String]? in
            let found = self.moto.privateAddresses()
            return found.count == 3 ? found : nil
        }
        let publicKey = try waitFor("the cluster's public key") { () -> String? in
            let keys = (try? FileManager.default.contentsOfDirectory(atPath: self.ess.aws + "/ess/keys")) ?? []
            guard let name = keys.first(where: { $0.hasSuffix(".pub") }) else { return nil }
            return try? String(contentsOfFile: self.ess.aws + "/ess/keys/" + name, encoding: .utf8)
        }
        for address in addresses {
            try network.addHost(address: address, authorizedKey: publicKey.trimmingCharacters(in: .whitespacesAndNewlines))
        }

        let created = create.wait()
        XCTAssertEqual(created.status, 0, created.stderr)
        XCTAssertTrue(created.stderr.contains("3 of 3 nodes answer SSH"), created.stderr)

        var status = try statusJSON()
        XCTAssertEqual(nodes(status).count, 3)
        for node in nodes(status) {
            XCTAssertEqual(node["reachable"] as? Bool, true, "\(node)")
            XCTAssertGreaterThan(node["cpus"] as? Int ?? 0, 0)
            XCTAssertGreaterThan(node["mem_total_kib"] as? Int ?? 0, 0)
            XCTAssertGreaterThan(node["disk_total_kib"] as? Int ?? 0, 0)
            XCTAssertTrue((node["host_key_fingerprint"] as? String ?? "").hasPrefix("SHA256:"))
        }
        XCTAssertEqual(ess.run(["cluster", "status", "--error-return-code"]).status, 0)

        // stop, then start: the API turns them around and SSH (pins unchanged) answers again
        ess.ok(["cluster", "stop"])
        XCTAssertEqual(moto.inspect(instanceStates), "stopped=3")
        ess.ok(["cluster", "start", "--wait-timeout", "60"])
        status = try statusJSON()
        XCTAssertEqual(nodes(status).filter { $0["reachable"] as? Bool == true }.count, 3)

        ess.ok(["cluster", "terminate", "--all", "-y"])
        let after = moto.essLeftovers()
        XCTAssertEqual([after.instances, after.keyPairs, after.groups], [0, 0, 0])
    }

    let instanceStates = """
        tagged = [{"Name": "tag-key", "Values": ["ess:cluster"]}]
        states = [i["State"]["Name"] for r in ec2.describe_instances(Filters=tagged)["Reservations"] for i in r["Instances"]]
        print(",".join(f"{s}={states.count(s)}" for s in sorted(set(states))))
        """

    func statusJSON(file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        // Nodes nobody answers for are not an error here; --json prints them all the same.
        let result = ess.run(["cluster", "status", "--json"], timeout: 120)
        XCTAssertEqual(result.status, 0, result.stderr, file: file, line: line)
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], file: file, line: line)
    }

    func waitFor<T>(_ what: String, timeout: TimeInterval = 60, _ probe: () -> T?) throws -> T {
        var value: T?
        try waitUntil(what, timeout: timeout, interval: 0.2) {
            value = probe()
            return value != nil
        }
        guard let value else { throw TestFailure("gave up waiting for \(what)") }
        return value
    }
}

/// Runs one `ess` command on a thread while the test does other things.
final class CreateInBackground: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: EssHarness.Run?

    init(_ ess: EssHarness, _ arguments: [String]) {
        Thread {
            self.result = ess.run(arguments, timeout: 180)
            self.done.signal()
        }.start()
    }

    func wait() -> EssHarness.Run {
        done.wait()
        return result ?? EssHarness.Run(status: -1, stdout: "", stderr: "no result")
    }
}
