import AWSCore
import ClusterModel
import EC2
import Foundation
import HTTPClient
import Providers
import TestSupport
import XCTest

/// `EC2Provider` against scripted answers: the paths moto cannot produce.
final class EC2ProviderScriptedTests: XCTestCase {
    func provider(_ transport: ScriptedTransport, recorder: SleepRecorder = SleepRecorder(), settings: EC2Settings = EC2Settings()) throws -> EC2Provider {
        let clock = ManualClock()
        let client = EC2Client(configuration: try TestConfig.configuration(), transport: transport, rateLimiter: SharedRateLimiter(), logger: TestConfig.logger, sleep: { _ in })
        return EC2Provider(
            client: client, settings: settings,
            pacing: EC2Pacing(dependencyTimeout: 120, sleep: { recorder.sleep($0); clock.advance($0) }, now: { clock.now() }),
            logger: TestConfig.logger)
    }

    static let group = Data(
        "<R><securityGroupInfo><item><groupId>sg-1</groupId><groupName>ess-c1</groupName></item></securityGroupInfo></R>".utf8)

    func testDeleteSecurityGroupRetriesDependencyViolationThenSucceeds() throws {
        let transport = ScriptedTransport([
            .response(200, Self.group),
            .response(400, ScriptedTransport.errorDocument("DependencyViolation")),
            .response(400, ScriptedTransport.errorDocument("DependencyViolation")),
            .response(200, Data("<R><return>true</return></R>".utf8)),
        ])
        let recorder = SleepRecorder()
        try provider(transport, recorder: recorder).deleteSecurityGroup(name: "ess-c1", clusterID: "c1")
        XCTAssertEqual(transport.requests.count, 4)
        XCTAssertEqual(recorder.recorded.count, 2)
        XCTAssertTrue(transport.bodies[3].contains("Action=DeleteSecurityGroup&Version=2016-11-15&GroupId=sg-1"), transport.bodies[3])
    }

    func testDeleteSecurityGroupGivesUpAfterTheBound() throws {
        let transport = ScriptedTransport([.response(200, Self.group)], fallback: .response(400, ScriptedTransport.errorDocument("DependencyViolation")))
        let recorder = SleepRecorder()
        XCTAssertThrowsError(try provider(transport, recorder: recorder).deleteSecurityGroup(name: "ess-c1", clusterID: "c1")) { error in
            XCTAssertEqual(error as? EC2ProviderError, .securityGroupInUse(name: "ess-c1", id: "sg-1", waited: 120, requestID: "req-1"))
        }
        XCTAssertEqual(recorder.recorded.reduce(0, +), 120, accuracy: 0.001)
    }

    func testMissingGroupIsSuccess() throws {
        let gone = ScriptedTransport([.response(200, Self.group), .response(400, ScriptedTransport.errorDocument("InvalidGroup.NotFound"))])
        try provider(gone).deleteSecurityGroup(name: "ess-c1", clusterID: "c1")
        let none = ScriptedTransport([.response(200, Data("<R><securityGroupInfo/></R>".utf8))])
        try provider(none).deleteSecurityGroup(name: "ess-c1", clusterID: "c1")
        XCTAssertEqual(none.requests.count, 1)
    }

    func testSecurityGroupNeedsACIDRToBeCreated() throws {
        let transport = ScriptedTransport([
            .response(200, Data("<R><vpcSet/></R>".utf8)), .response(200, Data("<R><securityGroupInfo/></R>".utf8)),
        ])
        XCTAssertThrowsError(try provider(transport).ensureSecurityGroup(name: "ess-c1", clusterID: "c1")) { error in
            XCTAssertEqual(error as? EC2ProviderError, .noSSHCIDR(group: "ess-c1"))
        }
        XCTAssertFalse(transport.bodies.contains { $0.contains("CreateSecurityGroup") })
    }

    /// CreateSecurityGroup's answer lost: its retry finds the name taken, by the group the first
    /// attempt made (tagged with the cluster), which is used; a group not tagged is still refused.
    func testASecurityGroupWhoseAnswerWasLostIsFoundByItsTag() throws {
        let lost = HTTPTransportError(kind: .connectionLost, url: "http://127.0.0.1:1/", detail: "Connection reset by peer", code: 56)
        let none = ScriptedTransport.Answer.response(200, Data("<R><securityGroupInfo/></R>".utf8))
        let duplicate = ScriptedTransport.Answer.response(400, ScriptedTransport.errorDocument("InvalidGroup.Duplicate"))
        let transport = ScriptedTransport([
            .response(200, Data("<R><vpcSet/></R>".utf8)), none, .failure(lost), duplicate, .response(200, Self.group),
            .response(200, Data("<R><return>true</return></R>".utf8)),
        ])
        let settings = EC2Settings(sshCIDR: "127.0.0.1/32")
        XCTAssertEqual(try provider(transport, settings: settings).ensureSecurityGroup(name: "ess-c1", clusterID: "c1"), "sg-1")
        XCTAssertEqual(transport.bodies.filter { $0.contains("Action=CreateSecurityGroup") }.count, 2)
        XCTAssertTrue(transport.bodies[5].contains("Action=AuthorizeSecurityGroupIngress"), transport.bodies[5])
        XCTAssertTrue(transport.bodies[5].contains("GroupId=sg-1"), transport.bodies[5])

        let untagged = ScriptedTransport([.response(200, Data("<R><vpcSet/></R>".utf8)), none, duplicate, none])
        XCTAssertThrowsError(try provider(untagged, settings: settings).ensureSecurityGroup(name: "ess-c1", clusterID: "c1")) {
            XCTAssertEqual($0 as? EC2ProviderError, .securityGroupUntagged(name: "ess-c1", place: "us-east-1", cluster: "c1", requestID: "req-1"))
        }
    }

    func testKeyPairOfAnotherClusterIsRefused() throws {
        let key = Data("<R><keySet><item><keyName>k</keyName><tagSet><item><key>ess:cluster</key><value>other</value></item></tagSet></item></keySet></R>".utf8)
        XCTAssertThrowsError(try provider(ScriptedTransport([.response(200, key)])).ensureKeyPair(name: "k", publicKey: "ssh-ed25519 AAAA x", clusterID: "c1")) {
            XCTAssertEqual($0 as? EC2ProviderError, .keyPairOfOtherCluster(name: "k", region: "us-east-1", owner: "other", cluster: "c1"))
        }
        XCTAssertThrowsError(try provider(ScriptedTransport([.response(200, key)])).deleteKeyPair(name: "k", clusterID: "c1")) {
            XCTAssertEqual($0 as? EC2ProviderError, .keyPairKept(name: "k", owner: "other", cluster: "c1"))
        }
    }

    func testEC2AnswersComeBackAsFactsWithTheirContextAndNoSecret() throws {
        let context = EC2CallContext(configuration: try TestConfig.configuration())
        XCTAssertEqual(context.accessKeyID, "AKIDTESTEXAMPLE")
        XCTAssertEqual(context.region, "us-east-1")
        XCTAssertEqual(context.endpoint, "http://127.0.0.1:1")
        let cases: [(String, Int)] = [
            ("UnauthorizedOperation", 403), ("InvalidAMIID.NotFound", 400), ("InstanceLimitExceeded", 400), ("VcpuLimitExceeded", 400),
            ("InvalidParameterValue", 400),
        ]
        for (code, status) in cases {
            let transport = ScriptedTransport([.response(status, ScriptedTransport.errorDocument(code))])
            let launch = LaunchRequest(clusterID: "c1", count: 1, type: "t3.micro", keyName: "k", securityGroup: "sg-1", clientToken: "t")
            XCTAssertThrowsError(try provider(transport, settings: EC2Settings(imageID: "ami-1")).launch(launch)) { error in
                let answer = EC2Error(action: "RunInstances", code: code, message: "message", requestID: "req-1", httpStatus: status)
                XCTAssertEqual(error as? EC2ProviderError, .rejected(answer, context), code)
                XCTAssertFalse("\(error)".contains(TestConfig.secret), "the fact carries no secret")
            }
        }
    }

    func testDefaultImageIsTheNewestAmazonLinux2023() throws {
        let images = Data("""
            <R><imagesSet>
            <item><imageId>ami-old</imageId><name>al2023-ami-2023.1-x86_64</name><imageState>available</imageState><creationDate>2024-01-01T00:00:00.000Z</creationDate></item>
            <item><imageId>ami-new</imageId><name>al2023-ami-2023.6-x86_64</name><imageState>available</imageState><creationDate>2025-06-01T00:00:00.000Z</creationDate></item>
            </imagesSet></R>
            """.utf8)
        let transport = ScriptedTransport([.response(200, images), .response(200, Fixture.data("RunInstances"))])
        let launch = LaunchRequest(clusterID: "c1", count: 3, type: "m3.medium", keyName: "k", securityGroup: "sg-1", clientToken: "t")
        let instances = try provider(transport).launch(launch)
        XCTAssertEqual(instances.count, 3)
        XCTAssertTrue(transport.bodies[0].contains("Owner.1=amazon"))
        XCTAssertTrue(transport.bodies[0].contains("Filter.1.Value.1=al2023-ami-2023.%2A-x86_64"), transport.bodies[0])
        XCTAssertTrue(transport.bodies[1].contains("ImageId=ami-new"), transport.bodies[1])
        XCTAssertEqual(instances[0].state, .pending)
        XCTAssertEqual(instances[0].clusterTag, "ess-c1")
    }

    func testEC2StatesMapOntoNodeStatesAndUnknownOnesAreNeverRunning() {
        XCTAssertEqual(EC2Provider.stateTable.state(for: "weird"), .pending)
        XCTAssertEqual(EC2Provider.stateTable.state(for: "shutting-down"), .terminating)
        XCTAssertEqual(EC2Provider.stateTable.state(for: "RUNNING"), .running)
        XCTAssertEqual(EC2Provider.loginUser, "ec2-user")
        XCTAssertEqual(CustomProvider.loginUser, "ec2-user")
    }

    func testSettingsResolveFromTheirFileNamesAndLookUpTheCIDROnlyWhenAsked() throws {
        let asked = SleepRecorder()
        let settings = EC2Settings.resolve(["image_id": "ami-1", "subnet_id": "subnet-2"], environment: [:]) {
            asked.sleep(0)
            return "203.0.113.7/32"
        }
        XCTAssertEqual(settings, EC2Settings(imageID: "ami-1", subnetID: "subnet-2"))
        XCTAssertTrue(asked.recorded.isEmpty, "no lookup until a group needs it")
        XCTAssertEqual(try settings.sshCIDRLookup?(), "203.0.113.7/32")
        let emulated = EC2Settings.resolve([:], environment: ["AWS_ENDPOINT_URL": "http://127.0.0.1:5000"]) { XCTFail("asked"); return "" }
        XCTAssertEqual(try emulated.sshCIDRLookup?(), "127.0.0.1/32")
        XCTAssertEqual(EC2Settings.resolve(["ssh_cidr": "10.0.0.0/8"], environment: [:]).sshCIDR, "10.0.0.0/8")
    }
}
