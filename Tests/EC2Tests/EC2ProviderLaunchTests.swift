import AWSCore
import ClusterModel
import EC2
import Foundation
import HTTPClient
import Providers
import TestSupport
import XCTest

/// A lost RunInstances answer is found again by its `ess:launch` tag; waits outlast missed
/// polls; a raised cancellation ends a wait at once.
final class EC2ProviderLaunchTests: XCTestCase {
    static let lost = HTTPTransportError(kind: .connectionLost, url: "http://127.0.0.1:1/", detail: "Connection reset by peer", code: 56)
    static let request = LaunchRequest(clusterID: "ess-c1", count: 2, type: "m3.medium", keyName: "ess-c1", securityGroup: "sg-1", clientToken: "tok-3")

    func provider(_ transport: ScriptedTransport, recorder: SleepRecorder = SleepRecorder(), cancelled: @escaping @Sendable () -> Bool = { false }) throws -> EC2Provider {
        let clock = ManualClock()
        let client = EC2Client(configuration: try TestConfig.configuration(), transport: transport, rateLimiter: SharedRateLimiter(), logger: TestConfig.logger, sleep: { _ in })
        return EC2Provider(
            client: client, settings: EC2Settings(imageID: "ami-1"),
            pacing: EC2Pacing(sleep: { recorder.sleep($0); clock.advance($0) }, now: { clock.now() }, cancelled: cancelled),
            logger: TestConfig.logger)
    }

    func testLostLaunchIsFoundByItsToken() throws {
        let transport = ScriptedTransport(
            [.failure(Self.lost), .failure(Self.lost), .failure(Self.lost), .response(200, Fixture.data("DescribeInstances-Page2"))])
        let found = try provider(transport).launch(Self.request)
        XCTAssertEqual(found.map(\.id), ["i-bf943905636c10e0e", "i-6be485f867073094f"])
        XCTAssertEqual(found.first?.reservationID, "r-d9633cbaff46bec17")
        XCTAssertEqual(transport.bodies.filter { $0.contains("Action=RunInstances") }.count, 3)
        let lookup = transport.bodies[3]
        XCTAssertTrue(lookup.contains("Action=DescribeInstances"), lookup)
        XCTAssertTrue(lookup.contains("Filter.1.Name=tag%3Aess%3Alaunch&Filter.1.Value.1=tok-3"), lookup)
    }

    func testLostLaunchThatEC2DoesNotShowIsAnErrorNamingTheToken() throws {
        let empty = ScriptedTransport.Answer.response(200, Data("<R><reservationSet/></R>".utf8))
        let transport = ScriptedTransport([.failure(Self.lost), .failure(Self.lost), .failure(Self.lost)], fallback: empty)
        let recorder = SleepRecorder()
        XCTAssertThrowsError(try provider(transport, recorder: recorder).launch(Self.request)) { error in
            XCTAssertEqual(
                error as? EC2ProviderError,
                .launchUnconfirmed(cause: .unreachable(Self.lost, endpoint: "http://127.0.0.1:1"), clientToken: "tok-3"))
        }
        XCTAssertEqual(transport.bodies.filter { $0.contains("Action=DescribeInstances") }.count, 5)
        XCTAssertEqual(recorder.recorded.count, 4, "five looks, four pauses between them")
    }

    func testALaunchIsDescribedByItsTokenOnceWithoutPatience() throws {
        let empty = ScriptedTransport.Answer.response(200, Data("<R><reservationSet/></R>".utf8))
        let transport = ScriptedTransport([], fallback: empty)
        XCTAssertEqual(try provider(transport).describe(launchToken: "tok-3", patience: 0), [])
        XCTAssertEqual(transport.requests.count, 1)
        let lookup = transport.bodies[0]
        XCTAssertTrue(lookup.contains("Filter.1.Name=tag%3Aess%3Alaunch&Filter.1.Value.1=tok-3"), lookup)
        XCTAssertTrue(lookup.contains("Filter.2.Name=instance-state-name"), lookup)
    }

    func testALaunchThatDoesNotShowIsLookedForUntilPatienceRunsOut() throws {
        let empty = ScriptedTransport.Answer.response(200, Data("<R><reservationSet/></R>".utf8))
        let transport = ScriptedTransport([], fallback: empty)
        let recorder = SleepRecorder()
        XCTAssertEqual(try provider(transport, recorder: recorder).describe(launchToken: "tok-3", patience: 10), [])
        XCTAssertEqual(recorder.recorded, [2, 3, 4.5, 0.5], "the polls' pacing, the last pause cut to the patience left")
        XCTAssertEqual(transport.requests.count, 5)
    }

    func testALaunchThatShowsLateIsFound() throws {
        let empty = ScriptedTransport.Answer.response(200, Data("<R><reservationSet/></R>".utf8))
        let transport = ScriptedTransport([empty, empty, .response(200, Fixture.data("DescribeInstances-Page2"))], fallback: empty)
        let found = try provider(transport).describe(launchToken: "tok-3", patience: 15)
        XCTAssertEqual(found.map(\.id), ["i-bf943905636c10e0e", "i-6be485f867073094f"])
        XCTAssertEqual(transport.requests.count, 3)
    }

    /// The reservation-id probe has one attempt: a lost answer falls back to the tag listing for
    /// this call, and the next call probes again (nothing was learnt about the filter).
    func testALostReservationFilterAnswerFallsBackAndProbesAgain() throws {
        let page = ScriptedTransport.Answer.response(200, Fixture.data("DescribeInstances-Page2"))
        let transport = ScriptedTransport([.failure(Self.lost), page, page])
        let provider = try provider(transport)
        let found = try provider.describe(reservationIDs: ["r-d9633cbaff46bec17"], requireAll: true)
        XCTAssertEqual(found.map(\.id), ["i-bf943905636c10e0e", "i-6be485f867073094f"])
        XCTAssertTrue(transport.bodies[1].contains("Filter.1.Name=tag-key&Filter.1.Value.1=ess%3Acluster"), transport.bodies[1])
        _ = try provider.describe(reservationIDs: ["r-d9633cbaff46bec17"], requireAll: true)
        XCTAssertTrue(transport.bodies[2].contains("Filter.1.Name=reservation-id"), transport.bodies[2])
    }

    func testRefusedLaunchIsNotLookedUp() throws {
        let transport = ScriptedTransport([.response(400, ScriptedTransport.errorDocument("InvalidParameterValue"))])
        XCTAssertThrowsError(try provider(transport).launch(Self.request))
        XCTAssertEqual(transport.requests.count, 1)
    }

    func testWaitOutlastsAPollThatRanOutOfAttempts() throws {
        let throttled = ScriptedTransport.Answer.response(503, ScriptedTransport.errorDocument("RequestLimitExceeded"))
        let transport = ScriptedTransport([throttled, throttled, throttled, .response(200, Fixture.data("DescribeInstances-Page2"))])
        let seen = try provider(transport).waitUntilRunning(instanceIDs: ["i-bf943905636c10e0e", "i-6be485f867073094f"], timeout: 60)
        XCTAssertEqual(seen.map(\.state), [.running, .running])
    }

    func testWaitThatNeverGotAnAnswerFails() throws {
        let transport = ScriptedTransport([], fallback: .response(503, ScriptedTransport.errorDocument("RequestLimitExceeded")))
        XCTAssertThrowsError(try provider(transport).waitUntilTerminated(instanceIDs: ["i-1"], timeout: 10)) { error in
            guard case .rejected(let answer, _)? = error as? EC2ProviderError else { return XCTFail("\(error)") }
            XCTAssertEqual(answer.code, "RequestLimitExceeded")
        }
    }

    func testCancelledWaitReturnsTheLastAnswerAtOnce() throws {
        let pending = Fixture.data("DescribeInstances-Page2").replacingAll("<name>running</name>", with: "<name>pending</name>")
        let transport = ScriptedTransport([], fallback: .response(200, pending))
        let started = Date()
        let seen = try provider(transport, cancelled: { true }).waitUntilRunning(instanceIDs: ["i-bf943905636c10e0e"], timeout: 600)
        XCTAssertEqual(seen.map(\.state), [.pending])
        XCTAssertEqual(transport.requests.count, 1)
        XCTAssertLessThan(Date().timeIntervalSince(started), 1)
    }
}

extension Data {
    fileprivate func replacingAll(_ old: String, with new: String) -> Data {
        Data(String(decoding: self, as: UTF8.self).replacingOccurrences(of: old, with: new).utf8)
    }
}

/// Terminating ids EC2 no longer knows.
final class EC2ProviderTerminateTests: XCTestCase {
    func testTerminateSkipsIdsEC2NoLongerKnows() throws {
        let transport = ScriptedTransport([
            .response(400, ScriptedTransport.errorDocument("InvalidInstanceID.NotFound")),
            .response(200, Fixture.data("DescribeInstances-Page2")),
            .response(200, Data("<R/>".utf8)),
        ])
        let client = EC2Client(configuration: try TestConfig.configuration(), transport: transport, rateLimiter: SharedRateLimiter(), logger: TestConfig.logger, sleep: { _ in })
        let provider = EC2Provider(client: client, settings: EC2Settings(), pacing: EC2Pacing(sleep: { _ in }), logger: TestConfig.logger)
        try provider.terminate(instanceIDs: ["i-gone", "i-bf943905636c10e0e", "i-6be485f867073094f"])
        let last = transport.bodies[2]
        XCTAssertTrue(last.contains("Action=TerminateInstances"), last)
        XCTAssertTrue(last.contains("InstanceId.1=i-bf943905636c10e0e&InstanceId.2=i-6be485f867073094f"), last)
        XCTAssertFalse(last.contains("i-gone"), last)
    }
}
