import Foundation
import TestSupport
import XCTest

/// Parts 3 and 6: kill -9 at random points of create and terminate, and Ctrl-C during create.
extension EC2ChaosTests {
    /// Part 3: `ess` is killed with SIGKILL at a seeded random moment of `create` or of
    /// `terminate [--all]`. Then reservation.json must parse, and the user's path (`ess cluster
    /// status`, `ess cluster add` for the reservations it names, `ess cluster terminate --all`)
    /// must leave no instance, key pair or security group at the cloud.
    func testKillNineDuringCreateAndTerminate() throws {
        let trials = Self.full ? 60 : 6
        var random = SeededGenerator(seed: 2026)
        // Some calls take a little longer, so that kills land between and inside them.
        proxy.configure(["seed": 9, "rates": ["delay": 0.3], "delay_seconds": 0.08])
        var corrupt = 0, orphans = 0, adopted = 0, duringCreate = 0, landed: [Int] = []
        for trial in 0..<trials {
            let harness = freshHarness()
            let create = ["cluster", "create", "--number=2", "--type=t3.micro", "--provider", "ec2", "--wait-for", "running"]
            let onCreate = trial % 2 == 0
            if onCreate {
                duringCreate += 1
            } else {
                let made = harness.run(create)
                XCTAssertEqual(made.status, 0, "trial \(trial) setup: \(made.stderr)")
            }
            let arguments = onCreate ? create : (Bool.random(using: &random) ? ["cluster", "terminate", "--all", "-y"] : ["cluster", "terminate", "-y"])
            proxy.resetCounts()
            let run = try EssProcess(harness, arguments)
            usleep(UInt32.random(in: 0..<(onCreate ? 1_400_000 : 900_000), using: &random))
            run.send(SIGKILL)
            _ = run.wait(timeout: 60)
            landed.append(proxy.stats().totalReceived)

            // 1. The state file, if any, parses, and ess reads it.
            if let bytes = harness.stateBytes {
                let parses = (try? JSONSerialization.jsonObject(with: bytes)) != nil
                let status = harness.run(["cluster", "status", "--json"])
                if !parses || status.status == 65 {
                    corrupt += 1
                    XCTFail("trial \(trial): reservation.json is corrupt after kill -9: \(status.stderr)")
                }
                // 2. Adopt what status names, then clean up.
                let object = (try? JSONSerialization.jsonObject(with: Data(status.stdout.utf8))) as? [String: Any] ?? [:]
                let unlisted = object["unlisted_reservations"] as? [String] ?? []
                if !unlisted.isEmpty {
                    adopted += 1
                    let added = harness.run(["cluster", "add"] + unlisted)
                    XCTAssertEqual(added.status, 0, "trial \(trial): add \(unlisted): \(added.stderr)")
                }
            }
            let cleanup = harness.run(["cluster", "terminate", "--all", "-y"])
            XCTAssertEqual(cleanup.status, 0, "trial \(trial) (\(arguments.joined(separator: " "))): \(cleanup.stderr)")
            let left = moto.essLeftovers()
            let count = left.instances + left.keyPairs + left.groups
            if count != 0 {
                orphans += count
                XCTFail("trial \(trial) (\(arguments.joined(separator: " "))): \(left) left after status/add/terminate --all")
                // Clear them so that the next trial counts only its own.
                _ = moto.inspect(Self.wipeEverything)
            }
        }
        figure(
            "kill9-trials",
            "\(trials) trials (\(duringCreate) during create, \(trials - duringCreate) during terminate; killed after \(landed.min() ?? 0)–\(landed.max() ?? 0) EC2 calls): "
                + "\(corrupt) corrupt state files, \(orphans) orphans, \(adopted) unlisted reservations adopted")
    }

    static let wipeEverything = """
        ids = [i["InstanceId"] for r in ec2.describe_instances()["Reservations"] for i in r["Instances"] if i["State"]["Name"] != "terminated"]
        if ids: ec2.terminate_instances(InstanceIds=ids)
        for k in ec2.describe_key_pairs()["KeyPairs"]:
            if k["KeyName"].startswith("ess-"): ec2.delete_key_pair(KeyName=k["KeyName"])
        for g in ec2.describe_security_groups()["SecurityGroups"]:
            if g["GroupName"].startswith("ess-"): ec2.delete_security_group(GroupId=g["GroupId"])
        """

    /// One Ctrl-C scenario: the fault configuration that holds `create` at a phase, the proxy
    /// count that says it got there, and what the user must find afterwards.
    struct InterruptScenario {
        var name: String
        var config: [String: Any]
        var arguments: [String]
        /// SIGINT once the proxy has received this many requests of this action.
        var when: (action: String, count: Int)
        var pause: TimeInterval
        /// Nodes recorded afterwards: 0 when interrupted before the launch.
        var nodes: Int
    }

    /// Part 6: SIGINT before the launch, during RunInstances, during the wait for running and
    /// during the wait for SSH. Each time: no launch after the signal, `ess` exits 130 within
    /// about a second with one message naming what exists and what to do, and every node
    /// that exists is in reservation.json.
    func testInterruptDuringCreate() throws {
        let create = ["cluster", "create", "--number=3", "--type=t3.micro", "--provider", "ec2"]
        let scenarios = [
            InterruptScenario(
                name: "before the launch", config: ["actions": ["AuthorizeSecurityGroupIngress": ["delay": 1]], "delay_seconds": 1.0],
                arguments: create + ["--wait-for", "running"], when: ("AuthorizeSecurityGroupIngress", 1), pause: 0.3, nodes: 0),
            InterruptScenario(
                name: "during RunInstances", config: ["actions": ["RunInstances": ["delay": 1]], "delay_seconds": 1.0],
                arguments: create + ["--wait-for", "running"], when: ("RunInstances", 1), pause: 0.3, nodes: 3),
            InterruptScenario(
                name: "waiting for running", config: ["consistency_seconds": 120],
                arguments: create + ["--wait-for", "running"], when: ("DescribeInstances", 2), pause: 0.5, nodes: 3),
            InterruptScenario(
                name: "waiting for SSH", config: [:],
                arguments: create + ["--wait-timeout", "120"], when: ("DescribeInstances", 1), pause: 1.5, nodes: 3),
        ]
        let rounds = Self.full ? 3 : 1
        var slowest = 0.0, lateLaunches = 0, unrecorded = 0
        for _ in 0..<rounds {
            for scenario in scenarios {
                let harness = freshHarness()
                proxy.configure(scenario.config)
                proxy.resetCounts()
                let run = try EssProcess(harness, scenario.arguments)
                _ = eventually(within: 60) { (proxy.stats().received[scenario.when.action] ?? 0) >= scenario.when.count || !run.process.isRunning }
                usleep(UInt32(scenario.pause * 1_000_000))
                let launchesBefore = proxy.stats().received["RunInstances"] ?? 0
                let signalled = Date()
                run.send(SIGINT)
                let status = run.wait(timeout: 30)
                let took = Date().timeIntervalSince(signalled)
                slowest = max(slowest, took)
                let label = scenario.name
                XCTAssertEqual(status, 130, "\(label): exit status; stderr: \(run.stderr)")
                XCTAssertFalse(run.wasKilled, "\(label): ess must exit by itself")
                XCTAssertLessThan(took, 1.5, "\(label): exits soon after SIGINT")
                let after = proxy.stats().received["RunInstances"] ?? 0
                lateLaunches += after - launchesBefore
                XCTAssertEqual(after, launchesBefore, "\(label): no launch after the signal")
                XCTAssertEqual(after, scenario.nodes == 0 ? 0 : 1, "\(label): launches")
                let message = run.stderr.split(separator: "\n").filter { $0.hasPrefix("ess: ") }
                XCTAssertEqual(message.count, 1, "\(label): one message: \(run.stderr)")
                XCTAssertTrue(run.stderr.contains("interrupted"), "\(label): \(run.stderr)")
                XCTAssertTrue(run.stderr.contains("ess cluster terminate"), "\(label): says what to do next: \(run.stderr)")
                let cluster = try XCTUnwrap(clusterID(harness), label)
                let tagged = taggedInstances(cluster)
                XCTAssertEqual(tagged.count, scenario.nodes, "\(label): instances")
                let missing = Set(tagged).subtracting(recordedNodes(harness) ?? [])
                unrecorded += missing.count
                XCTAssertTrue(missing.isEmpty, "\(label): every instance is recorded")
                proxy.configure([:])
                XCTAssertEqual(harness.run(["cluster", "terminate", "--all", "-y"]).status, 0, label)
                assertNoLeftovers(label)
            }
        }
        figure(
            "sigint-create",
            "\(rounds * scenarios.count) interrupts (before the launch, during RunInstances, waiting for running, waiting for SSH): exit 130 in at most "
                + "\(String(format: "%.2f", slowest)) s, \(lateLaunches) launches after the signal, \(unrecorded) unrecorded instances")
    }

    /// Part 6 for terminate: SIGINT while TerminateInstances is in flight. `ess` exits 130 saying
    /// to run terminate again, keeps the key pair and group, and a rerun leaves nothing.
    func testInterruptDuringTerminate() throws {
        let harness = freshHarness()
        XCTAssertEqual(harness.run(["cluster", "create", "--number=2", "--type=t3.micro", "--provider", "ec2", "--no-wait"]).status, 0)
        proxy.configure(["actions": ["TerminateInstances": ["delay": 1]], "delay_seconds": 1.0])
        proxy.resetCounts()
        let run = try EssProcess(harness, ["cluster", "terminate", "--all", "-y"])
        _ = eventually(within: 30) { (proxy.stats().received["TerminateInstances"] ?? 0) >= 1 || !run.process.isRunning }
        usleep(300_000)
        let signalled = Date()
        run.send(SIGINT)
        let status = run.wait(timeout: 30)
        let took = Date().timeIntervalSince(signalled)
        XCTAssertEqual(status, 130, run.stderr)
        XCTAssertTrue(run.stderr.contains("ess cluster terminate --all` again"), run.stderr)
        XCTAssertEqual(proxy.stats().received["DeleteSecurityGroup"] ?? 0, 0, "stops before deleting the group")
        XCTAssertEqual(moto.essLeftovers().instances, 0, "the termination that was sent went through")
        proxy.configure([:])
        XCTAssertEqual(harness.run(["cluster", "terminate", "--all", "-y"]).status, 0)
        assertNoLeftovers("terminate --all after an interrupted one")
        figure("sigint-terminate", "exit 130 \(String(format: "%.2f", took)) s after SIGINT during TerminateInstances; the rerun leaves 0 leftovers")
    }
}
