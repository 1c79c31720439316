import AWSCore
import ClusterModel
import EC2
import Foundation
import Providers
import TestSupport
import XCTest

/// Failures a user meets first: rejected credentials, an endpoint nobody listens on.
final class EC2ProviderFailureTests: XCTestCase {
    var moto: MotoServer?

    override func tearDown() {
        moto?.stop()
        moto = nil
    }

    /// moto checks signatures only with `INITIAL_NO_AUTH_ACTION_COUNT=0`; then an access key it
    /// does not know gets `AuthFailure` (HTTP 401), which is not retried.
    func testAuthFailureFromServer() throws {
        let server = try MotoServer(authentication: .rejectEveryKey)
        moto = server
        let client = EC2Client(configuration: try TestConfig.configuration(endpoint: server.endpoint), rateLimiter: SharedRateLimiter(), logger: TestConfig.logger)
        let provider = EC2Provider(client: client, settings: EC2Settings(), pacing: EC2Pacing(), logger: TestConfig.logger)
        XCTAssertThrowsError(try provider.instanceType("m3.medium")) { error in
            guard case .rejected(let answer, let context)? = error as? EC2ProviderError else { return XCTFail("\(error)") }
            XCTAssertEqual(answer.code, "AuthFailure")
            XCTAssertEqual(answer.action, "DescribeInstanceTypes")
            XCTAssertEqual(context.accessKeyID, "AKIDTESTEXAMPLE")
            XCTAssertFalse("\(error)".contains(TestConfig.secret), "the fact carries no secret")
        }
        XCTAssertEqual(client.callCounts["DescribeInstanceTypes"], 1)
    }

    func testUnreachableEndpointFailsWithAClearMessage() throws {
        let port = LoopbackPort.free()  // closed again: nothing listens there
        let recorder = SleepRecorder()
        let client = EC2Client(
            configuration: try TestConfig.configuration(endpoint: "http://127.0.0.1:\(port)"), rateLimiter: SharedRateLimiter(), logger: TestConfig.logger,
            sleep: { recorder.sleep($0) })
        let provider = EC2Provider(client: client, settings: EC2Settings(), pacing: EC2Pacing(), logger: TestConfig.logger)
        XCTAssertThrowsError(try provider.describe(clusterID: "ess-1")) { error in
            guard case .unreachable(let failure, let endpoint)? = error as? EC2ProviderError else { return XCTFail("\(error)") }
            XCTAssertEqual(failure.kind, .connect)
            XCTAssertEqual(endpoint, "http://127.0.0.1:\(port)")
        }
        // Three attempts, two backoffs, each within the full-jitter bounds of 1 s and 2 s.
        XCTAssertEqual(client.callCounts["DescribeInstances"], 3)
        XCTAssertEqual(recorder.recorded.count, 2)
        XCTAssertLessThanOrEqual(recorder.recorded[0], 1)
        XCTAssertLessThanOrEqual(recorder.recorded[1], 2)
        XCTAssertEqual(client.retryQuotaAvailable, RetryQuota.capacity - 2 * RetryQuota.timeoutCost)
    }
}
