import AWSCore
import EC2
import Foundation
import TestSupport
import XCTest

/// Decoding of responses captured from moto 5.2.1 (Fixtures/).
final class XMLDecodingTests: XCTestCase {
    func testRunInstances() throws {
        let root = try XCTUnwrap(Fixture.tree("RunInstances"))
        let reservation = try XCTUnwrap(root.string("reservationId"))
        let instances = root.items("instancesSet").map { EC2Instance(item: $0, reservationID: reservation) }
        XCTAssertEqual(instances.count, 3)
        let first = try XCTUnwrap(instances.first)
        XCTAssertTrue(first.id.hasPrefix("i-"))
        XCTAssertEqual(first.reservationID, reservation)
        XCTAssertEqual(first.type, "m3.medium")
        XCTAssertEqual(first.state, "pending")
        XCTAssertEqual(first.keyName, "ess-c1")
        XCTAssertEqual(first.clientToken, "tok-1")
        XCTAssertEqual(first.tags["ess:cluster"], "ess-c1")
        XCTAssertEqual(first.tags["Name"], "ess-c1")
        XCTAssertNotNil(first.privateIP)
        XCTAssertNotNil(first.launchTime)
    }

    func testDescribeInstancesPages() throws {
        let page1 = try XCTUnwrap(Fixture.tree("DescribeInstances-Page1"))
        let page2 = try XCTUnwrap(Fixture.tree("DescribeInstances-Page2"))
        let first = EC2Instance.decodeReservations(page1)
        let second = EC2Instance.decodeReservations(page2)
        XCTAssertEqual(Set(first.map(\.reservationID)).count, 2)
        XCTAssertEqual(first.count, 5)  // 3 + 2 instances in two reservations
        XCTAssertEqual(second.count, 2)
        XCTAssertNotNil(page1.string("nextToken"))
        XCTAssertNil(page2.string("nextToken"))
        XCTAssertTrue(first.allSatisfy { $0.state == "running" || $0.state == "pending" })
    }

    func testPaginationFollowsNextTokenToTheEnd() throws {
        let transport = ScriptedTransport([
            .response(200, Fixture.data("DescribeInstances-Page1")), .response(200, Fixture.data("DescribeInstances-Page2")),
        ])
        let client = EC2Client(configuration: try TestConfig.configuration(), transport: transport, rateLimiter: SharedRateLimiter(), logger: TestConfig.logger)
        let instances = try client.describeInstances(filters: [EC2Filter("tag-key", ["ess:cluster"])], pageSize: 2)
        XCTAssertEqual(instances.count, 7)
        XCTAssertEqual(transport.requests.count, 2)
        XCTAssertFalse(transport.bodies[0].contains("NextToken"))
        XCTAssertTrue(transport.bodies[1].contains("NextToken=r-"), transport.bodies[1])
        XCTAssertTrue(transport.bodies[1].contains("Filter.1.Name=tag-key&Filter.1.Value.1=ess%3Acluster"), transport.bodies[1])
    }

    func testKeyPairsGroupsTypesImagesSubnetsVpcs() throws {
        let key = try XCTUnwrap(Fixture.tree("DescribeKeyPairs")?.items("keySet").first.map(EC2KeyPair.init(item:)))
        XCTAssertEqual(key.name, "ess-c1")
        XCTAssertEqual(key.tags["ess:cluster"], "ess-c1")
        XCTAssertTrue(key.publicKey?.hasPrefix("ssh-ed25519 ") == true)
        XCTAssertNotNil(key.fingerprint)
        let imported = EC2KeyPair(item: try XCTUnwrap(Fixture.tree("ImportKeyPair")))
        XCTAssertEqual(imported.name, "ess-c1")

        let group = try XCTUnwrap(Fixture.tree("DescribeSecurityGroups")?.items("securityGroupInfo").first.map(EC2SecurityGroup.init(item:)))
        XCTAssertEqual(group.name, "ess-c1")
        XCTAssertTrue(group.id.hasPrefix("sg-"))
        XCTAssertEqual(group.tags["ess:cluster"], "ess-c1")
        XCTAssertTrue(group.allowsSSH)
        XCTAssertTrue(group.allowsItself)
        let bare = try XCTUnwrap(XMLTree.parse(Data("<item><groupId>sg-1</groupId><ipPermissions/></item>".utf8)).map(EC2SecurityGroup.init(item:)))
        XCTAssertFalse(bare.allowsSSH, "a group a crash left without rules")
        XCTAssertFalse(bare.allowsItself)
        XCTAssertEqual(Fixture.tree("CreateSecurityGroup")?.string("groupId"), group.id)

        let type = try XCTUnwrap(Fixture.tree("DescribeInstanceTypes")?.items("instanceTypeSet").first.map(EC2InstanceType.init(item:)))
        XCTAssertEqual(type, try EC2InstanceType(item: XCTUnwrap(XMLTree.parse(Data(
            "<item><instanceType>m3.medium</instanceType><vCpuInfo><defaultVCpus>1</defaultVCpus></vCpuInfo><memoryInfo><sizeInMiB>3840</sizeInMiB></memoryInfo></item>".utf8)))))

        let images = try XCTUnwrap(Fixture.tree("DescribeImages")).items("imagesSet").map(EC2Image.init(item:))
        XCTAssertFalse(images.isEmpty)
        XCTAssertTrue(images.allSatisfy { $0.name.hasPrefix("amzn2-ami-hvm-") && $0.state == "available" })

        let subnets = try XCTUnwrap(Fixture.tree("DescribeSubnets")).items("subnetSet").map(EC2Subnet.init(item:))
        XCTAssertEqual(subnets.count, 6)
        XCTAssertTrue(subnets.allSatisfy { $0.isDefaultForAZ && $0.cidrBlock.hasPrefix("172.31.") })
        let vpc = try XCTUnwrap(Fixture.tree("DescribeVpcs")?.items("vpcSet").first.map(EC2Vpc.init(item:)))
        XCTAssertTrue(vpc.isDefault)
        XCTAssertEqual(vpc.cidrBlock, "172.31.0.0/16")
        XCTAssertEqual(subnets.first?.vpcID, vpc.id)
    }

    func testErrorDocuments() {
        let notFound = EC2Error.decode(action: "DescribeInstances", status: 400, body: Fixture.data("DescribeInstances-NotFound"))
        XCTAssertEqual(notFound.code, "InvalidInstanceID.NotFound")
        XCTAssertEqual(notFound.message, "The instance ID 'i-0123456789abcdef0' does not exist")
        XCTAssertEqual(notFound.requestID, "request-id")
        XCTAssertEqual(notFound.httpStatus, 400)
        XCTAssertEqual(
            "\(notFound)",
            "EC2 DescribeInstances failed: InvalidInstanceID.NotFound: The instance ID 'i-0123456789abcdef0' does not exist (HTTP 400, request id request-id)")

        let invalidType = EC2Error.decode(action: "DescribeInstanceTypes", status: 400, body: Fixture.data("DescribeInstanceTypes-Invalid"))
        XCTAssertEqual(invalidType.code, "InvalidInstanceType")
        XCTAssertEqual(EC2Error.decode(action: "A", status: 400, body: Fixture.data("AuthorizeSecurityGroupIngress-Duplicate")).code, "InvalidPermission.Duplicate")
        XCTAssertEqual(EC2Error.decode(action: "A", status: 400, body: Fixture.data("DeleteSecurityGroup-NotFound")).code, "InvalidGroup.NotFound")
        XCTAssertEqual(EC2Error.decode(action: "A", status: 400, body: Fixture.data("DescribeKeyPairs-NotFound")).code, "InvalidKeyPair.NotFound")

        // moto's auth error uses <ErrorResponse> and no request id.
        let auth = EC2Error.decode(action: "DescribeInstances", status: 401, body: Fixture.data("AuthFailure"))
        XCTAssertEqual(auth.code, "AuthFailure")
        XCTAssertNil(auth.requestID)

        // moto's answer to the reservation-id filter: an HTML 500 page.
        let html = EC2Error.decode(action: "DescribeInstances", status: 500, body: Fixture.data("DescribeInstances-ReservationFilter"))
        XCTAssertEqual(html.code, EC2Error.unreadableResponse)
        XCTAssertEqual(html.httpStatus, 500)
    }

    func testTreeHelpers() throws {
        let tree = try XCTUnwrap(XMLTree.parse(Data("<a><b><c>x</c></b><list><item><v>1</v></item><item><v>2</v></item></list></a>".utf8)))
        XCTAssertEqual(tree.string("b", "c"), "x")
        XCTAssertNil(tree.string("b", "missing"))
        XCTAssertEqual(tree.items("list").compactMap { $0.string("v") }, ["1", "2"])
        XCTAssertNil(XMLTree.parse(Data("<a><b></a>".utf8)))
    }
}
