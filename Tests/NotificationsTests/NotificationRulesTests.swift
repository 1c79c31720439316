import Foundation
import JobAPI
import Notifications
import XCTest

/// The pure parts: event patterns, retry waits, URL templates, signatures, host checks and the
/// refusals of a subscription.
final class NotificationRulesTests: XCTestCase {
    func testEventPatternsMatchNativeXplentyAndWildcardNames() throws {
        let started = try XCTUnwrap(EventPattern("job.started"))
        XCTAssertTrue(started.matches("job.running"))
        XCTAssertFalse(started.matches("job.completed"))
        XCTAssertTrue(try XCTUnwrap(EventPattern("job.submitted")).matches("job.pending"))
        XCTAssertTrue(try XCTUnwrap(EventPattern("FINISHED")).matches("job.completed"))
        XCTAssertTrue(try XCTUnwrap(EventPattern("failed")).matches("job.failed"))
        let jobs = try XCTUnwrap(EventPattern("job.*"))
        XCTAssertTrue(jobs.matches("job.stopped"))
        XCTAssertFalse(jobs.matches("cluster.available"))
        XCTAssertTrue(try XCTUnwrap(EventPattern("cluster.*")).matches("cluster.idled"))
        XCTAssertTrue(try XCTUnwrap(EventPattern("*")).matches("cluster.error"))
        XCTAssertTrue(try XCTUnwrap(EventPattern("cluster.available")).matches("cluster.available"))
        XCTAssertNil(EventPattern("job.exploded"))
        XCTAssertNil(EventPattern("cluster.*x"))
    }

    func testRetryWaitsFollowEachStrategy() {
        let delayed = RetryPolicy(retryStrategy: .delayed, retryLimit: 3, retryDelay: 5, retryRate: 2)
        XCTAssertEqual((1...4).map { delayed.wait(beforeRetry: $0, jitter: 0.5) }, [5, 2, 2, nil])
        let immediate = RetryPolicy(retryStrategy: .immediate, retryLimit: 2, retryDelay: 9, retryRate: 9)
        XCTAssertEqual((1...3).map { immediate.wait(beforeRetry: $0, jitter: 0) }, [0, 0, nil])
        XCTAssertNil(RetryPolicy(retryStrategy: .none, retryLimit: 5, retryDelay: 1, retryRate: 1).wait(beforeRetry: 1, jitter: 0))
        let exponential = RetryPolicy(retryStrategy: .exponential, retryLimit: 20, retryDelay: 1, retryRate: 1)
        XCTAssertEqual(exponential.wait(beforeRetry: 1, jitter: 0.5), 1)
        XCTAssertEqual(exponential.wait(beforeRetry: 4, jitter: 0.5), 8)
        XCTAssertEqual(exponential.wait(beforeRetry: 4, jitter: 0) ?? 0, 6.4, accuracy: 1e-9)
        XCTAssertEqual(exponential.wait(beforeRetry: 20, jitter: 0.99), RetryPolicy.cap, "capped")
        XCTAssertEqual(RetryPolicy.standard.retryStrategy, .exponential)
    }

    func testTemplatesEncodeTheirValues() {
        let template = URLTemplate("https://h/x/${JOB_ID}?n=${JOB_NAME}&e=${EVENT}&s=${NONE}")
        XCTAssertEqual(template.names, ["JOB_ID", "JOB_NAME", "EVENT", "NONE"])
        XCTAssertEqual(template.expand(["JOB_ID": "7", "JOB_NAME": "a b&c/d", "EVENT": "job.completed"]), "https://h/x/7?n=a%20b%26c%2Fd&e=job.completed&s=")
    }

    /// The Standard Webhooks specification's own example.
    func testSignatureMatchesTheSpecificationsExample() {
        let body = Data(#"{"test": 2432232314}"#.utf8)
        let signature = WebhookSigner.signature(
            secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: body)
        XCTAssertEqual(signature, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        XCTAssertTrue(WebhookSigner.newSecret().hasPrefix("whsec_"))
        XCTAssertNotEqual(WebhookSigner.newSecret(), WebhookSigner.newSecret())
    }

    func testLinkLocalAndDeniedHostsAreRefused() {
        let hosts = HostGuard(environment: ["ESS_NOTIFY_DENY": "10.0.0.0/8"])
        XCTAssertNotNil(hosts.refusal(host: "169.254.169.254"))
        XCTAssertNotNil(hosts.refusal(host: "[fe80::1]"))
        XCTAssertNotNil(hosts.refusal(host: "10.1.2.3"))
        XCTAssertNil(hosts.refusal(host: "127.0.0.1"))
        XCTAssertNil(HostGuard().refusal(host: "10.1.2.3"))
        XCTAssertEqual(HostGuard().check(host: "127.0.0.1"), .allowed(["127.0.0.1"]), "the address checked is the one pinned")
        XCTAssertEqual(HostGuard().check(host: "[::1]"), .allowed(["[0:0:0:0:0:0:0:1]"]))
        XCTAssertEqual(HostGuard().check(host: "[::ffff:169.254.169.254]"), .refused("a link-local address (169.254.0.0/16, cloud instance metadata)"))
    }

    func testEachBadRequestIsRefusedNamingItsField() {
        let cases: [(NotificationRequestDocument, String)] = [
            (.init(url: "nope", event: "job.*"), "url"),
            (.init(url: "gopher://h/", event: "job.*"), "url"),
            (.init(url: "http://h/${NOPE}", event: "job.*"), "url"),
            (.init(url: "http://169.254.169.254/", event: "job.*"), "url"),
            (.init(url: "http://127.0.0.1/", event: "job.boom"), "event"),
            (.init(url: "http://127.0.0.1/", event: "job.*", job_id: 1, cluster_id: 2), "cluster_id"),
            (.init(url: "http://127.0.0.1/", event: "cluster.available", job_id: 1), "event"),
            (.init(url: "http://127.0.0.1/", event: "job.*", policy: .init(retryLimit: 1441)), "retryLimit"),
            (.init(url: "http://127.0.0.1/", event: "job.*", policy: .init(retryDelay: -1)), "retryDelay"),
            (.init(url: "http://127.0.0.1/", event: "job.*", policy: .init(retryStrategy: "SOMETIMES")), "retryStrategy"),
        ]
        for (body, field) in cases {
            XCTAssertThrowsError(try SubscriptionRequest(body, hosts: HostGuard()), "\(body)") { error in
                XCTAssertEqual((error as? SubscriptionError)?.field, field, "\(body): \(error)")
            }
        }
        XCTAssertNoThrow(try SubscriptionRequest(.init(url: "http://127.0.0.1:9/${JOB_ID}", event: "job.started"), hosts: HostGuard()))
        XCTAssertNoThrow(try SubscriptionRequest(.init(url: "http://${JOB_NAME}.example/", event: "*"), hosts: HostGuard()))
        XCTAssertNoThrow(try SubscriptionRequest(.init(url: "mailto:me@example.com", event: "job.failed"), hosts: HostGuard()))
    }
}
