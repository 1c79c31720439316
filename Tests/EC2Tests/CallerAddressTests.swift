import Foundation
import Providers
import TestSupport
import XCTest

/// The caller-address lookup against a loopback server standing in for checkip.amazonaws.com.
final class CallerAddressTests: XCTestCase {
    func testTheAnswerBecomesASlash32() throws {
        let server = try TestHTTPServer { _ in "203.0.113.7\n" }
        defer { server.stop() }
        XCTAssertEqual(try CallerAddress(environment: [:], service: server.url).cidr(), "203.0.113.7/32")
        XCTAssertEqual(server.requests.first?.requestLine, "GET / HTTP/1.1")
    }

    func testAnAnswerThatIsNotAnAddressIsReportedWithItsStatus() throws {
        let server = try TestHTTPServer { _ in "<html>captive portal</html>" }
        defer { server.stop() }
        XCTAssertThrowsError(try CallerAddress(environment: [:], service: server.url).cidr()) { error in
            let lookup = error as? CallerAddress.LookupError
            XCTAssertEqual(lookup?.host, "127.0.0.1")
            XCTAssertEqual(lookup?.status, 200)
        }
    }

    func testNoAnswerIsReportedWithTheTransportsReason() throws {
        let closed = URL(string: "http://127.0.0.1:\(LoopbackPort.free())/")!
        XCTAssertThrowsError(try CallerAddress(environment: [:], service: closed).cidr()) { error in
            let lookup = error as? CallerAddress.LookupError
            XCTAssertNil(lookup?.status)
            XCTAssertFalse(lookup?.detail?.isEmpty ?? true)
        }
    }
}
