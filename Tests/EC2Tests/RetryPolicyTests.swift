import AWSCore
import EC2
import Foundation
import HTTPClient
import TestSupport
import XCTest

final class RetryPolicyTests: XCTestCase {
    let policy = RetryPolicy()

    func error(_ code: String, _ status: Int = 400) -> EC2Error {
        EC2Error(action: "DescribeInstances", code: code, message: "m", requestID: nil, httpStatus: status)
    }

    func testClassification() {
        for code in ["Throttling", "ThrottlingException", "RequestLimitExceeded", "RequestThrottled", "TooManyRequestsException"] {
            XCTAssertEqual(policy.classify(error(code)), .throttling, code)
        }
        XCTAssertEqual(policy.classify(error("InternalError", 500)), .transient)
        XCTAssertEqual(policy.classify(error("ServiceUnavailable", 503)), .transient)
        for status in [500, 502, 503, 504] {
            XCTAssertEqual(policy.classify(error(EC2Error.unreadableResponse, status)), .transient, "\(status)")
        }
        for code in ["AuthFailure", "UnauthorizedOperation", "InvalidClientTokenId", "SignatureDoesNotMatch", "InvalidParameterValue", "InvalidAMIID.NotFound"] {
            XCTAssertEqual(policy.classify(error(code)), .permanent, code)
        }
        XCTAssertEqual(policy.classify(error("AuthFailure", 503)), .permanent)
        XCTAssertEqual(policy.classify(ScriptedTransport.connectFailure), .connection)
        XCTAssertEqual(policy.classify(HTTPTransportError(kind: .timeout, url: "u", detail: "d", code: 28)), .connection)
        XCTAssertEqual(policy.classify(HTTPTransportError(kind: .tls, url: "u", detail: "d", code: 60)), .permanent)
    }

    func testFullJitterBounds() {
        XCTAssertEqual(policy.backoff(afterAttempt: 0, unit: 1), 1)
        XCTAssertEqual(policy.backoff(afterAttempt: 1, unit: 1), 2)
        XCTAssertEqual(policy.backoff(afterAttempt: 3, unit: 1), 8)
        XCTAssertEqual(policy.backoff(afterAttempt: 5, unit: 1), 20)  // 32 capped at 20
        XCTAssertEqual(policy.backoff(afterAttempt: 100, unit: 1), 20)
        XCTAssertEqual(policy.backoff(afterAttempt: 3, unit: 0), 0)
        XCTAssertEqual(policy.backoff(afterAttempt: 2, unit: 0.5), 2)
        XCTAssertEqual(RetryPolicy(baseDelay: 0.01).backoff(afterAttempt: 1, unit: 1), 0.02, accuracy: 1e-12)
    }

    func testDecisionsAndAttempts() {
        var quota = RetryQuota()
        var progress = RetryPolicy.Progress()
        XCTAssertEqual(policy.decide(after: error("Throttling"), progress: &progress, quota: &quota, unit: 1), .retry(after: 1, cost: 0))
        XCTAssertEqual(policy.decide(after: ScriptedTransport.connectFailure, progress: &progress, quota: &quota, unit: 1), .retry(after: 1, cost: 10))
        XCTAssertEqual(policy.decide(after: error("Unavailable", 503), progress: &progress, quota: &quota, unit: 1), .retry(after: 2, cost: 5))
        XCTAssertEqual(policy.decide(after: error("InternalError", 500), progress: &progress, quota: &quota, unit: 1), .fail(reason: .attemptsExhausted))
        XCTAssertEqual(progress, RetryPolicy.Progress(throttles: 1, otherFailures: 3))
        XCTAssertEqual(policy.decide(after: error("AuthFailure"), progress: &progress, quota: &quota, unit: 1), .fail(reason: .notRetryable))
        XCTAssertEqual(quota.available, 500 - 15, "throttles draw nothing from the quota")
    }

    /// Throttles: 25 attempts (24 retries), backoff doubling from the base up to the 20 s cap,
    /// and transient failures in between keep their own 3.
    func testThrottlesHaveTheirOwnLongerBudget() {
        var quota = RetryQuota()
        var progress = RetryPolicy.Progress()
        var delays: [Double] = []
        for _ in 1..<RetryPolicy.defaultMaxThrottledAttempts {
            guard case .retry(let delay, 0) = policy.decide(after: error("RequestLimitExceeded", 503), progress: &progress, quota: &quota, unit: 1) else {
                return XCTFail("throttle \(progress.throttles) not retried")
            }
            delays.append(delay)
        }
        XCTAssertEqual(Array(delays.prefix(7)), [1, 2, 4, 8, 16, 20, 20])
        XCTAssertEqual(policy.decide(after: error("Unavailable", 503), progress: &progress, quota: &quota, unit: 1), .retry(after: 1, cost: 5))
        XCTAssertEqual(policy.decide(after: error("RequestLimitExceeded", 503), progress: &progress, quota: &quota, unit: 1), .fail(reason: .attemptsExhausted))
        XCTAssertEqual(quota.available, RetryQuota.capacity - 5)
    }

    /// The window bounds a call's throttle retries in time, whatever attempts are left.
    func testThrottleWindowBoundsTheCall() {
        var quota = RetryQuota()
        var progress = RetryPolicy.Progress(throttles: 5, elapsed: 100)
        XCTAssertEqual(policy.decide(after: error("Throttling"), progress: &progress, quota: &quota, unit: 0.5), .retry(after: 10, cost: 0))
        progress.elapsed = 115
        XCTAssertEqual(policy.decide(after: error("Throttling"), progress: &progress, quota: &quota, unit: 0.5), .fail(reason: .throttleWindowExhausted))
        progress.elapsed = 115
        XCTAssertEqual(policy.decide(after: error("Throttling"), progress: &progress, quota: &quota, unit: 0), .retry(after: 0, cost: 0))
    }

    /// AWS_MAX_ATTEMPTS, when set, counts every attempt of a call, as in the AWS CLI.
    func testExplicitMaxAttemptsIsOneSharedBudget() {
        let explicit = RetryPolicy(maxAttempts: 4)
        XCTAssertTrue(explicit.sharedBudget)
        XCTAssertEqual(explicit.maxThrottledAttempts, 4)
        var quota = RetryQuota()
        var progress = RetryPolicy.Progress()
        XCTAssertEqual(explicit.decide(after: error("Throttling"), progress: &progress, quota: &quota, unit: 0), .retry(after: 0, cost: 0))
        XCTAssertEqual(explicit.decide(after: error("Unavailable", 503), progress: &progress, quota: &quota, unit: 0), .retry(after: 0, cost: 5))
        XCTAssertEqual(explicit.decide(after: error("Throttling"), progress: &progress, quota: &quota, unit: 0), .retry(after: 0, cost: 0))
        XCTAssertEqual(explicit.decide(after: error("Throttling"), progress: &progress, quota: &quota, unit: 0), .fail(reason: .attemptsExhausted))
        var none = RetryPolicy.Progress()
        XCTAssertEqual(policy.limited(to: 1).decide(after: error("Throttling"), progress: &none, quota: &quota, unit: 0), .fail(reason: .attemptsExhausted))
    }

    func testRetryModeSettings() {
        XCTAssertEqual(RetryMode(setting: "standard"), .standard)
        XCTAssertEqual(RetryMode(setting: "Adaptive"), .adaptive)
        XCTAssertEqual(RetryMode(setting: "legacy"), .standard)
        XCTAssertNil(RetryMode(setting: "fast"))
        XCTAssertEqual(RetryPolicy().mode, .adaptive)
    }

    func testQuotaRunsDryThenRefills() {
        var quota = RetryQuota()
        var retries = 0
        while true {
            var progress = RetryPolicy.Progress()
            guard case .retry = policy.decide(after: ScriptedTransport.connectFailure, progress: &progress, quota: &quota, unit: 0) else { break }
            retries += 1
        }
        XCTAssertEqual(retries, 50)  // 500 tokens, 10 per connection failure
        var progress = RetryPolicy.Progress()
        XCTAssertEqual(policy.decide(after: error("InternalError", 500), progress: &progress, quota: &quota, unit: 0), .fail(reason: .quotaExhausted))
        XCTAssertEqual(policy.decide(after: error("Throttling"), progress: &progress, quota: &quota, unit: 0), .retry(after: 0, cost: 0), "a throttle needs no quota")
        quota.release(retryCost: 10)
        XCTAssertEqual(quota.available, 10)
        quota.release(retryCost: 0)
        XCTAssertEqual(quota.available, 11)
        var full = RetryQuota()
        full.release(retryCost: 0)
        XCTAssertEqual(full.available, RetryQuota.capacity)
    }

    /// The client's loop: a dead endpoint drains the shared quota, and then calls fail after
    /// one attempt instead of three.
    func testDeadEndpointFailsFastOnceTheQuotaIsGone() throws {
        let transport = ScriptedTransport([], fallback: .failure(ScriptedTransport.connectFailure))
        let client = EC2Client(configuration: try TestConfig.configuration(), transport: transport, rateLimiter: SharedRateLimiter(), logger: TestConfig.logger, sleep: { _ in })
        for _ in 0..<25 { XCTAssertThrowsError(try client.call("DescribeInstances")) }
        XCTAssertEqual(client.retryQuotaAvailable, 0)
        XCTAssertEqual(transport.requests.count, 75)
        XCTAssertThrowsError(try client.call("DescribeInstances")) { XCTAssertTrue($0 is HTTPTransportError) }
        XCTAssertEqual(transport.requests.count, 76)
    }

    func testThrottlingIsRetriedThenSucceeds() throws {
        let transport = ScriptedTransport([.response(503, ScriptedTransport.errorDocument("RequestLimitExceeded")), .response(200, Data("<R><x>1</x></R>".utf8))])
        let recorder = SleepRecorder()
        let client = EC2Client(
            configuration: try TestConfig.configuration(), transport: transport, retryPolicy: RetryPolicy(mode: .standard, baseDelay: 0.5),
            rateLimiter: SharedRateLimiter(), logger: TestConfig.logger, sleep: { recorder.sleep($0) }, random: { 1 })
        XCTAssertEqual(try client.call("DescribeInstances").string("x"), "1")
        XCTAssertEqual(recorder.recorded, [0.5])
        XCTAssertEqual(client.callCounts["DescribeInstances"], 2)
        XCTAssertEqual(client.retryQuotaAvailable, RetryQuota.capacity)
    }

    /// Adaptive: after the throttle the retry also waits for a token of the limiter (its clock
    /// stands still here: no measured rate yet, so the floor of 0.5/s, scaled by the 0.5 s base).
    func testAdaptiveModePacesTheRetryThroughTheLimiter() throws {
        let transport = ScriptedTransport([.response(503, ScriptedTransport.errorDocument("RequestLimitExceeded")), .response(200, Data("<R/>".utf8))])
        let recorder = SleepRecorder()
        let clock = ManualClock()
        let limiter = SharedRateLimiter(clock: { clock.now().timeIntervalSince1970 })
        let client = EC2Client(
            configuration: try TestConfig.configuration(), transport: transport, retryPolicy: RetryPolicy(mode: .adaptive, baseDelay: 0.5),
            rateLimiter: limiter, logger: TestConfig.logger, sleep: { recorder.sleep($0) }, random: { 1 })
        _ = try client.call("DescribeInstances")
        XCTAssertEqual(recorder.recorded, [0.5, 1.0], "backoff 0.5 s, then one token at 0.5/s × 0.5")
        XCTAssertEqual(limiter.state?.enabled, true)
    }

    /// The client's loop: 24 throttles and then an answer succeed; 25 throttles fail with the last one.
    func testClientRetriesThrottlesUpToTheirBudget() throws {
        for throttles in [24, 25] {
            let answers = Array(repeating: ScriptedTransport.Answer.response(503, ScriptedTransport.errorDocument("RequestLimitExceeded")), count: throttles)
            let transport = ScriptedTransport(answers + [.response(200, Data("<R/>".utf8))])
            let client = EC2Client(
                configuration: try TestConfig.configuration(), transport: transport, rateLimiter: SharedRateLimiter(clock: { 0 }),
                logger: TestConfig.logger, sleep: { _ in })
            if throttles < RetryPolicy.defaultMaxThrottledAttempts {
                XCTAssertNoThrow(try client.call("DescribeInstances"))
                XCTAssertEqual(transport.requests.count, throttles + 1)
            } else {
                XCTAssertThrowsError(try client.call("DescribeInstances")) { XCTAssertEqual(($0 as? EC2Error)?.code, "RequestLimitExceeded") }
                XCTAssertEqual(transport.requests.count, throttles)
            }
        }
    }

    func testAuthAndValidationErrorsAreNotRetried() throws {
        for code in ["AuthFailure", "InvalidParameterValue"] {
            let transport = ScriptedTransport([.response(400, ScriptedTransport.errorDocument(code))])
            let client = EC2Client(configuration: try TestConfig.configuration(), transport: transport, rateLimiter: SharedRateLimiter(), logger: TestConfig.logger, sleep: { _ in })
            XCTAssertThrowsError(try client.call("DescribeInstances")) { XCTAssertEqual(($0 as? EC2Error)?.code, code) }
            XCTAssertEqual(transport.requests.count, 1)
        }
    }

    /// A RunInstances retry sends the same body, so the same ClientToken: EC2 starts the
    /// instances at most once.
    func testRunInstancesRetryKeepsTheClientToken() throws {
        let transport = ScriptedTransport([
            .failure(HTTPTransportError(kind: .timeout, url: "u", detail: "timed out", code: 28)),
            .response(500, ScriptedTransport.errorDocument("InternalError")),
            .response(200, Fixture.data("RunInstances")),
        ])
        let client = EC2Client(configuration: try TestConfig.configuration(), transport: transport, rateLimiter: SharedRateLimiter(), logger: TestConfig.logger, sleep: { _ in })
        let request = RunInstancesRequest(
            clusterID: "ess-c1", count: 3, clientToken: "token-123", imageID: "ami-1", instanceType: "m3.medium", keyName: "k", securityGroupID: "sg-1")
        XCTAssertEqual(try client.runInstances(request).count, 3)
        XCTAssertEqual(transport.requests.count, 3)
        XCTAssertEqual(Set(transport.bodies).count, 1)
        XCTAssertTrue(transport.bodies[0].contains("ClientToken=token-123"))
        XCTAssertEqual(client.callCounts["RunInstances"], 3)
    }

    func testRunInstancesParameters() {
        let request = RunInstancesRequest(
            clusterID: "ess-c1", count: 5, clientToken: "tok", imageID: "ami-1", instanceType: "t3.micro", keyName: "k",
            securityGroupID: "sg-1", subnetID: "subnet-1")
        let body = request.parameters.formBody(action: "RunInstances", version: EC2Client.apiVersion)
        for part in [
            "Action=RunInstances", "Version=2016-11-15", "MinCount=5", "MaxCount=5", "ClientToken=tok", "ImageId=ami-1",
            "InstanceType=t3.micro", "KeyName=k", "SecurityGroupId.1=sg-1", "SubnetId=subnet-1",
            "TagSpecification.1.ResourceType=instance", "TagSpecification.1.Tag.1.Key=ess%3Acluster", "TagSpecification.1.Tag.1.Value=ess-c1",
            "TagSpecification.1.Tag.2.Key=ess%3Alaunch", "TagSpecification.1.Tag.2.Value=tok",
            "TagSpecification.1.Tag.3.Key=Name", "TagSpecification.1.Tag.3.Value=ess-ess-c1",
            "TagSpecification.2.ResourceType=volume",
        ] {
            XCTAssertTrue(body.contains(part), part)
        }
    }

    func testRequestsAreSignedForEC2() throws {
        let transport = ScriptedTransport([])
        let client = EC2Client(
            configuration: try TestConfig.configuration(endpoint: "http://127.0.0.1:5000"), transport: transport, rateLimiter: SharedRateLimiter(), logger: TestConfig.logger,
            now: { Date(timeIntervalSince1970: 1_440_938_160) })
        _ = try client.call("DescribeVpcs")
        let request = try XCTUnwrap(transport.requests.first)
        let headers = Dictionary(request.headers.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        XCTAssertEqual(request.method, "POST")
        XCTAssertEqual(headers["Host"], "127.0.0.1:5000")
        XCTAssertEqual(headers["X-Amz-Date"], "20150830T123600Z")
        XCTAssertTrue(headers["Authorization"]?.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDTESTEXAMPLE/20150830/us-east-1/ec2/aws4_request") == true)
        XCTAssertEqual(String(decoding: request.body, as: UTF8.self), "Action=DescribeVpcs&Version=2016-11-15")
    }
}
