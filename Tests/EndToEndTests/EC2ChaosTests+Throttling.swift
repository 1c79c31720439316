import Foundation
import XCTest

/// Issue 9, part 1: patience where EC2 asks for it.
extension EC2ChaosTests {
    /// `ess cluster create --number=20` through a proxy answering 30% of calls
    /// `RequestLimitExceeded` (HTTP 503, EC2's XML) and 5% `Unavailable` (HTTP 503), with EC2's
    /// eventual consistency after the launch, under ess's default retries (adaptive mode, 25
    /// attempts within 2 minutes when throttled, 3 otherwise; no AWS_MAX_ATTEMPTS). Each trial
    /// has its own seed and must give exactly 20 instances tagged and recorded, 1 key pair and 1
    /// group, one launch reaching EC2; then `terminate --all` through the same faults must leave
    /// no instance, key pair or group, as moto itself says. 20 trials at full size, 2 in CI;
    /// backoffs and the rate limiter's waits are shrunk by ESS_RETRY_BASE_SECONDS=0.05.
    ///
    /// Every run is at `-v`, with a session token: the retry and pacing lines are logged, and
    /// neither the secret key nor the token appears in anything ess prints.
    func testThrottledCreateOfTwentyNodes() throws {
        let seeds = Array(101...(Self.full ? 120 : 102))
        var totals: [Double] = [], good = 0, faults = 0, calls = 0
        let needles = [moto.accessKey.secret, SecretsChaosTests.token]
        var printed = "", leaks = 0
        for seed in seeds {
            proxy.configure([
                "seed": seed, "rates": ["throttle": 0.30, "unavailable": 0.05], "throttle_codes": ["RequestLimitExceeded"],
                "consistency_seconds": 2,
            ])
            proxy.resetCounts()
            let harness = freshHarness()
            // moto never gives back the addresses of terminated instances: each trial launches
            // into a subnet of its own (same CIDR, its own VPC), so 20 trials fit in a /24 each.
            let trialSubnet = moto.makeSubnet(cidr: network.cidr)
            XCTAssertTrue(trialSubnet.hasPrefix("subnet-"), trialSubnet)
            harness.environment["ESS_EC2_SUBNET"] = trialSubnet
            let defaults = ["AWS_MAX_ATTEMPTS": "", "AWS_RETRY_MODE": "", "AWS_SESSION_TOKEN": SecretsChaosTests.token]
            let started = Date()
            let created = harness.run(
                ["cluster", "create", "--number=20", "--type=t3.micro", "--provider", "ec2", "--wait-for", "running", "-v"], timeout: 300,
                environment: defaults)
            let createSeconds = Date().timeIntervalSince(started)
            XCTAssertEqual(created.status, 0, "seed \(seed): \(created.stderr)")
            let cluster = clusterID(harness) ?? "none"
            let tagged = taggedInstances(cluster)
            let recorded = Set(recordedNodes(harness) ?? [])
            let made = moto.essLeftovers()
            let launches = proxy.stats().forwarded["RunInstances"] ?? 0
            XCTAssertEqual(tagged.count, 20, "seed \(seed): instances tagged with the cluster")
            XCTAssertEqual(recorded, Set(tagged), "seed \(seed): reservation.json lists all of them")
            XCTAssertEqual([made.keyPairs, made.groups], [1, 1], "seed \(seed): one key pair, one group")
            XCTAssertEqual(launches, 1, "seed \(seed): one launch reached EC2")

            let gone = harness.run(["cluster", "terminate", "--all", "-y", "-v"], timeout: 300, environment: defaults)
            let total = Date().timeIntervalSince(started)
            XCTAssertEqual(gone.status, 0, "seed \(seed): \(gone.stderr)")
            let left = moto.essLeftovers()
            XCTAssertEqual([left.instances, left.keyPairs, left.groups], [0, 0, 0], "seed \(seed): leftovers after terminate --all")
            let output = [created.stdout, created.stderr, gone.stdout, gone.stderr].joined(separator: "\n")
            leaks += needles.filter { output.contains($0) }.count
            printed += output
            let stats = proxy.stats()
            faults += stats.totalFaults
            calls += stats.totalReceived
            totals.append(total)
            let ok = created.status == 0 && gone.status == 0 && tagged.count == 20 && recorded == Set(tagged) && launches == 1
                && [made.keyPairs, made.groups, left.instances, left.keyPairs, left.groups] == [1, 1, 0, 0, 0]
            if ok { good += 1 }
            Chaos.figure(
                "throttled-trial-\(seed)",
                "\(tagged.count) instances, create \(Self.seconds(createSeconds)) s, create + terminate --all \(Self.seconds(total)) s, "
                    + "\(stats.totalFaults) faults in \(stats.totalReceived) calls, leftovers \(left.instances)/\(left.keyPairs)/\(left.groups)")
        }
        XCTAssertEqual(leaks, 0, "the secret key or the session token was printed at -v")
        XCTAssertTrue(printed.contains("ec2 retry") && printed.contains("failure=throttling"), "-v logged the throttle retries")
        XCTAssertTrue(printed.contains("ec2 pace"), "-v logged the rate limiter's waits")
        Chaos.figure(
            "secrets_throttled_verbose",
            "\(seeds.count * 2) runs at -v through throttling, \(printed.utf8.count) bytes scanned for the secret key and session token: \(leaks) found")
        let sorted = totals.sorted()
        let median = sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        Chaos.figure(
            "throttled-create",
            "\(good)/\(seeds.count) seeded trials of create 20 + terminate --all at 30% RequestLimitExceeded + 5% Unavailable: "
                + "exactly 20 instances, then 0 left; \(faults) faults in \(calls) calls; "
                + "total per trial median \(Self.seconds(median)) s, max \(Self.seconds(sorted.last ?? 0)) s")
    }

    static func seconds(_ value: Double) -> String {
        String(format: "%.1f", value)
    }
}
