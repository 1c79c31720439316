import Foundation
import JobAPI
import XCTest

@testable import ESSServer

/// The access gate's logic without a socket: the forms of the `Authorization` header, the
/// constant-time comparison, the failure limit driven by explicit times, the Host names
/// `--no-auth` accepts, and a token that never shows itself.
final class AccessLogicTests: XCTestCase {
    let token = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

    func basic(_ text: String) -> String { "Basic " + Data(text.utf8).base64EncodedString() }

    func testTheAuthorizationHeaderForms() {
        let bytes = Array(token.utf8)
        XCTAssertEqual(Credentials.presented("Bearer \(token)"), bytes)
        XCTAssertEqual(Credentials.presented("bearer   \(token) "), bytes)
        XCTAssertEqual(Credentials.presented(basic(token)), bytes, "Xplenty's clients: the key as the user, no colon")
        XCTAssertEqual(Credentials.presented(basic(token + ":")), bytes, "an empty password")
        XCTAssertEqual(Credentials.presented("BASIC " + Data(token.utf8).base64EncodedString()), bytes)
        XCTAssertNil(Credentials.presented(basic(token + ":secret")), "a password is not part of the scheme")
        XCTAssertNil(Credentials.presented(basic(":" + token)), "the token as the password")
        XCTAssertNil(Credentials.presented("Basic not*base64"))
        XCTAssertNil(Credentials.presented("Bearer"))
        XCTAssertNil(Credentials.presented("Bearer "))
        XCTAssertNil(Credentials.presented("Token \(token)"))
        XCTAssertNil(Credentials.presented(token))
        XCTAssertNil(Credentials.presented(nil))
    }

    func testTheComparisonTakesEveryByteAndTheLength() {
        let expected = Array(token.utf8)
        XCTAssertTrue(Credentials.matches(expected, expected: expected))
        XCTAssertFalse(Credentials.matches(Array(token.dropLast().utf8), expected: expected))
        XCTAssertFalse(Credentials.matches(Array((token + "0").utf8), expected: expected))
        XCTAssertFalse(Credentials.matches(Array((token + token).utf8), expected: expected), "a repeat is as long as twice the token")
        XCTAssertFalse(Credentials.matches([], expected: expected))
        XCTAssertFalse(Credentials.matches([], expected: []), "an empty token matches nothing")
        var last = expected
        last[last.count - 1] ^= 1
        XCTAssertFalse(Credentials.matches(last, expected: expected))
        let short = Array(token.prefix(16).utf8)
        XCTAssertFalse(Credentials.matches(short, expected: Array(String(repeating: String(token.prefix(16)), count: 4).utf8)), "a divisor of the length does not match its repetition")
    }

    func testFailuresAreLimitedPerAddressAndRefill() {
        let limiter = FailureLimiter(burst: 3, perSecond: 0.5)
        XCTAssertNil(limiter.retryAfter("10.0.0.1", now: 100))
        for _ in 0..<3 { limiter.failed("10.0.0.1", now: 100) }
        XCTAssertEqual(limiter.retryAfter("10.0.0.1", now: 100), 2, "one failure more every 2 s")
        XCTAssertNil(limiter.retryAfter("10.0.0.2", now: 100), "another address is not held back")
        XCTAssertEqual(limiter.retryAfter("10.0.0.1", now: 101), 1)
        XCTAssertNil(limiter.retryAfter("10.0.0.1", now: 102))
        limiter.failed("10.0.0.1", now: 102)
        XCTAssertEqual(limiter.retryAfter("10.0.0.1", now: 102), 2)
        XCTAssertNil(limiter.retryAfter("10.0.0.1", now: 200), "a full bucket after a long pause")
        for _ in 0..<3 { limiter.failed("10.0.0.1", now: 200) }
        XCTAssertNotNil(limiter.retryAfter("10.0.0.1", now: 200), "the bucket holds no more than the burst")
    }

    func testTheLimiterForgetsFullBucketsThenTheOldest() {
        let limiter = FailureLimiter(burst: 2, perSecond: 0.1, capacity: 3)
        for index in 0..<3 { limiter.failed("a\(index)", now: Double(index)) }
        limiter.failed("b", now: 100)
        XCTAssertEqual(limiter.count, 1, "the older buckets had refilled")
        for index in 0..<3 { limiter.failed("c\(index)", now: 100.5 + Double(index) / 2) }
        XCTAssertEqual(limiter.count, 3, "b, the oldest, was forgotten")
        for _ in 0..<2 { limiter.failed("c0", now: 102) }
        XCTAssertNotNil(limiter.retryAfter("c0", now: 102))
    }

    func testNoAuthHostsAndLoopback() {
        guard case .openOnLoopback(let hosts) = AccessPolicy.open(listeningOn: "127.0.0.1") else { return XCTFail() }
        XCTAssertEqual(hosts, ["127.0.0.1", "localhost", "::1"])
        guard case .openOnLoopback(let other) = AccessPolicy.open(listeningOn: "127.0.0.7") else { return XCTFail() }
        XCTAssertTrue(other.contains("127.0.0.7"))
        for header in ["127.0.0.1:5678", "LOCALHOST:5678", "[::1]:5678", "localhost", "127.0.0.1"] {
            XCTAssertTrue(hosts.contains(AccessPolicy.hostName(of: header)), header)
        }
        for header in ["evil.example:5678", "127.0.0.1.nip.io:5678", "localhost.:5678", "[::2]:5678", ""] {
            XCTAssertFalse(hosts.contains(AccessPolicy.hostName(of: header)), header)
        }
        for host in ["127.0.0.1", "127.1.2.3", "::1", "localhost", "LocalHost"] { XCTAssertTrue(AccessPolicy.isLoopback(host), host) }
        for host in ["0.0.0.0", "10.0.0.5", "::", "192.0.2.1", "127.0.0.1.nip.io", "127.0.0", "example.com"] {
            XCTAssertFalse(AccessPolicy.isLoopback(host), host)
        }
    }

    func testATokenNeverDescribesItself() throws {
        let made = APIToken.random()
        XCTAssertEqual(made.secret.count, 64)
        XCTAssertNotEqual(made.secret, APIToken.random().secret)
        XCTAssertEqual("\(made)", "<api token>")
        XCTAssertEqual(String(reflecting: made), "<api token>")
        XCTAssertFalse("\(AccessPolicy.token(made))".contains(made.secret))
        XCTAssertFalse("\(ServerSettings(host: "127.0.0.1", port: 1, access: .token(made)))".contains(made.secret), "nor in the settings")
        XCTAssertEqual(APIToken(token + "\n")?.secret, token)
        XCTAssertNil(APIToken("xyz"))
        XCTAssertNil(APIToken(String(token.dropLast()) + "g"))
    }
}
