import AWSCore
import ClusterModel
import EC2
import Foundation
import Providers
import TestSupport
import XCTest

/// `EC2Provider` against a real moto_server: the whole life of a cluster.
final class EC2ProviderMotoTests: XCTestCase {
    var moto: MotoServer!
    let publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKwQ8DqVQvwOXn8bK6+2NdYVxYBDhwprTuGNrKUrJ9wY ess"

    override func setUpWithError() throws {
        moto = try MotoServer()
    }

    override func tearDown() {
        moto?.stop()
        moto = nil
    }

    func makeProvider(settings: EC2Settings = EC2Settings(sshCIDR: "127.0.0.1/32")) throws -> EC2Provider {
        let client = EC2Client(configuration: try TestConfig.configuration(endpoint: moto.endpoint), rateLimiter: SharedRateLimiter(), logger: TestConfig.logger)
        return EC2Provider(client: client, settings: settings, pacing: EC2Pacing(firstPollDelay: 0.05, maxPollDelay: 0.2), logger: TestConfig.logger)
    }

    func testClusterLifecycle() throws {
        let provider = try makeProvider()
        let cluster = "ess-1a2b3c4d"
        XCTAssertEqual(provider.kind, .ec2)
        XCTAssertEqual(provider.region, "us-east-1")
        XCTAssertEqual(provider.defaultUser, "ec2-user")

        // Key pair and security group: made once, the second call changes nothing.
        try provider.ensureKeyPair(name: cluster, publicKey: publicKey, clusterID: cluster)
        try provider.ensureKeyPair(name: cluster, publicKey: publicKey, clusterID: cluster)
        let group = try provider.ensureSecurityGroup(name: cluster, clusterID: cluster)
        let again = try provider.ensureSecurityGroup(name: cluster, clusterID: cluster)
        XCTAssertEqual(group, again)
        XCTAssertTrue(group.hasPrefix("sg-"))
        var counts = provider.client.callCounts
        XCTAssertEqual(counts["ImportKeyPair"], 1)
        XCTAssertEqual(counts["CreateSecurityGroup"], 1)
        XCTAssertEqual(counts["AuthorizeSecurityGroupIngress"], 1)

        // Another key under the same name is refused.
        XCTAssertThrowsError(
            try provider.ensureKeyPair(name: cluster, publicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOtherKeyOtherKeyOtherKeyOtherKeyOtherKey0 x", clusterID: cluster)
        ) { error in
            guard case .keyPairDiffers(cluster, provider.region, _)? = error as? EC2ProviderError else { return XCTFail("\(error)") }
        }

        // Five instances, one call.
        provider.client.resetCallCounts()
        let launched = try provider.launch(
            LaunchRequest(clusterID: cluster, count: 5, type: "t3.micro", keyName: cluster, securityGroup: group, clientToken: "launch-1"))
        counts = provider.client.callCounts
        XCTAssertEqual(counts["RunInstances"], 1)
        XCTAssertEqual(launched.count, 5)
        let reservation = try XCTUnwrap(launched.first?.reservationID)
        XCTAssertTrue(reservation.hasPrefix("r-"))
        for instance in launched {
            XCTAssertEqual(instance.reservationID, reservation)
            XCTAssertEqual(instance.clusterTag, cluster)
            XCTAssertEqual(instance.keyName, cluster)
            XCTAssertEqual(instance.type, "t3.micro")
            XCTAssertEqual(instance.port, 22)
            XCTAssertNotNil(instance.privateAddress)
        }
        let ids = launched.map(\.id)

        // By reservation: moto has no reservation-id filter (HTTP 500, not retried), so the
        // tag-key fallback answers; the next describe goes to the fallback directly.
        provider.client.resetCallCounts()
        let byReservation = try provider.describe(reservationIDs: [reservation], requireAll: true)
        XCTAssertEqual(Set(byReservation.map(\.id)), Set(ids))
        XCTAssertEqual(provider.client.callCounts["DescribeInstances"], 2)
        XCTAssertEqual(Set(try provider.describe(reservationIDs: [reservation], requireAll: true).map(\.id)), Set(ids))
        XCTAssertEqual(provider.client.callCounts["DescribeInstances"], 3)
        XCTAssertEqual(Set(try provider.describe(clusterID: cluster).map(\.id)), Set(ids))
        XCTAssertEqual(try provider.describe(clusterID: "ess-00000000"), [])

        provider.client.resetCallCounts()
        let running = try provider.waitUntilRunning(instanceIDs: ids, timeout: 30)
        XCTAssertEqual(running.map(\.id), ids)
        XCTAssertTrue(running.allSatisfy { $0.state == .running }, "\(running.map(\.rawState))")
        XCTAssertEqual(provider.client.callCounts["DescribeInstances"], 1)

        try provider.stop(instanceIDs: Array(ids.prefix(2)))
        let stopped = try provider.describe(reservationIDs: [reservation], requireAll: true).filter { ids.prefix(2).contains($0.id) }
        XCTAssertTrue(stopped.allSatisfy { $0.state == .stopped || $0.state == .stopping }, "\(stopped.map(\.rawState))")
        try provider.start(instanceIDs: Array(ids.prefix(2)))
        XCTAssertTrue(try provider.waitUntilRunning(instanceIDs: ids, timeout: 30).allSatisfy { $0.state == .running })

        try provider.terminate(instanceIDs: ids)
        XCTAssertEqual(try provider.waitUntilTerminated(instanceIDs: ids, timeout: 30), [])
        XCTAssertEqual(try provider.describe(clusterID: cluster), [])

        try provider.deleteSecurityGroup(name: cluster, clusterID: cluster)
        try provider.deleteSecurityGroup(name: cluster, clusterID: cluster)
        try provider.deleteKeyPair(name: cluster, clusterID: cluster)
        try provider.deleteKeyPair(name: cluster, clusterID: cluster)
        XCTAssertEqual(try provider.client.describeSecurityGroups(filters: [EC2Filter("group-name", [cluster])]), [])
        XCTAssertEqual(try provider.client.describeKeyPairs(filters: [EC2Filter("key-name", [cluster])]), [])
    }

    func testSubnetGivesGroupInItsVPCAndSequentialAddresses() throws {
        let plain = try makeProvider()
        let subnet = try XCTUnwrap(plain.client.describeSubnets().first)
        let provider = try makeProvider(settings: EC2Settings(subnetID: subnet.id, sshCIDR: "127.0.0.1/32"))
        let group = try provider.ensureSecurityGroup(name: "ess-subnet", clusterID: "ess-subnet")
        XCTAssertEqual(try provider.client.describeSecurityGroups(groupIDs: [group]).first?.vpcID, subnet.vpcID)
        try provider.ensureKeyPair(name: "ess-subnet", publicKey: publicKey, clusterID: "ess-subnet")
        let launched = try provider.launch(
            LaunchRequest(clusterID: "ess-subnet", count: 2, type: "t3.micro", keyName: "ess-subnet", securityGroup: group, clientToken: "t-sub"))
        let prefix = subnet.cidrBlock.split(separator: ".").prefix(2).joined(separator: ".") + "."
        XCTAssertTrue(launched.allSatisfy { $0.privateAddress?.hasPrefix(prefix) == true }, "\(launched.map(\.privateAddress))")
    }

    func testDefaultImageIsAmazonLinux() throws {
        let provider = try makeProvider()
        let images = try provider.client.describeImages(owners: ["amazon"], filters: [EC2Filter("name", ["al2023-ami-2023.*-x86_64"])])
        XCTAssertFalse(images.isEmpty, "moto's built-in AMIs should include Amazon Linux 2023")
        let group = try provider.ensureSecurityGroup(name: "ess-img", clusterID: "ess-img")
        try provider.ensureKeyPair(name: "ess-img", publicKey: publicKey, clusterID: "ess-img")
        _ = try provider.launch(LaunchRequest(clusterID: "ess-img", count: 1, type: "t3.micro", keyName: "ess-img", securityGroup: group, clientToken: "t-img"))
        let launchedImage = try provider.client.describeInstances(filters: [EC2Filter("tag:ess:cluster", ["ess-img"])]).first?.imageID
        XCTAssertTrue(images.contains { $0.id == launchedImage }, "launched \(launchedImage ?? "nil")")
    }

    func testInstanceTypes() throws {
        let provider = try makeProvider()
        XCTAssertEqual(try provider.instanceType("m3.medium"), InstanceTypeInfo(name: "m3.medium", cpus: 1, memoryMiB: 3840))
        XCTAssertThrowsError(try provider.instanceType("m9.bogus")) { error in
            XCTAssertEqual(error as? ProviderError, .unknownInstanceType(name: "m9.bogus", provider: .ec2, region: provider.region, known: nil))
        }
    }

    func testUnknownReservation() throws {
        let provider = try makeProvider()
        XCTAssertEqual(try provider.describe(reservationIDs: ["r-0000000000000dead"], requireAll: false), [])
        XCTAssertThrowsError(try provider.describe(reservationIDs: ["r-0000000000000dead"], requireAll: true)) { error in
            XCTAssertEqual(
                error as? ProviderError,
                .unknownReservations(
                    ids: ["r-0000000000000dead"], provider: .ec2, region: provider.region, endpoint: provider.client.configuration.endpoint.absoluteString))
        }
    }

    func testGroupACrashLeftWithoutRulesIsFinished() throws {
        let provider = try makeProvider()
        let cluster = "ess-0badc0de"
        // As a kill -9 between CreateSecurityGroup and AuthorizeSecurityGroupIngress leaves it.
        let bare = try provider.client.createSecurityGroup(
            name: cluster, description: "ess cluster \(cluster)", vpcID: nil, tags: [(key: "ess:cluster", value: cluster)])
        XCTAssertFalse(try XCTUnwrap(provider.client.describeSecurityGroups(groupIDs: [bare]).first).allowsSSH)

        provider.client.resetCallCounts()
        XCTAssertEqual(try provider.ensureSecurityGroup(name: cluster, clusterID: cluster), bare)
        XCTAssertEqual(provider.client.callCounts["CreateSecurityGroup"], nil)
        XCTAssertEqual(provider.client.callCounts["AuthorizeSecurityGroupIngress"], 1)
        let finished = try XCTUnwrap(provider.client.describeSecurityGroups(groupIDs: [bare]).first)
        XCTAssertTrue(finished.allowsSSH)
        XCTAssertTrue(finished.allowsItself)
    }

    func testWaitForAnIDNotYetVisibleReturnsAtTheTimeout() throws {
        let recorder = SleepRecorder()
        let clock = ManualClock()
        let client = EC2Client(configuration: try TestConfig.configuration(endpoint: moto.endpoint), rateLimiter: SharedRateLimiter(), logger: TestConfig.logger)
        let provider = EC2Provider(
            client: client, settings: EC2Settings(),
            pacing: EC2Pacing(sleep: { recorder.sleep($0); clock.advance($0) }, now: { clock.now() }), logger: TestConfig.logger)
        let seen = try provider.waitUntilRunning(instanceIDs: ["i-0123456789abcdef0"], timeout: 60)
        XCTAssertEqual(seen, [])
        XCTAssertEqual(recorder.recorded.reduce(0, +), 60, accuracy: 0.001)
        // Backed off: 2, 3, 4.5, … capped at 5: never more than one poll per 2 s.
        XCTAssertEqual(recorder.recorded.prefix(3), [2, 3, 4.5])
        XCTAssertLessThanOrEqual(recorder.recorded.max() ?? 0, 5)
        XCTAssertGreaterThanOrEqual(recorder.recorded.dropLast().min() ?? 0, 2)
        let polls = client.callCounts["DescribeInstances"] ?? 0
        XCTAssertLessThanOrEqual(Double(polls), 60 / 2 + 1)
    }
}
