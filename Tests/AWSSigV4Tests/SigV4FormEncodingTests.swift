import AWSSigV4
import Foundation
import XCTest

/// The form encoding of Query-protocol bodies, against what botocore 1.43 writes for the same
/// values (`urllib.parse.urlencode`, i.e. `quote_plus` with no safe characters), computed once
/// with Python and pinned here. A space in a body was `%20` before issue 9: a verifying endpoint
/// that re-encodes the parsed form (moto) then hashed other bytes than ess had signed.
final class SigV4FormEncodingTests: XCTestCase {
    func testEachCharacterClassAsBotocoreWritesIt() {
        let cases: [(String, String)] = [
            ("a b", "a+b"), ("+", "%2B"), ("/", "%2F"), ("=", "%3D"), ("~", "~"), ("-_.", "-_."),
            ("é", "%C3%A9"), ("✓", "%E2%9C%93"), ("😀", "%F0%9F%98%80"), ("*", "%2A"), ("%", "%25"),
            ("&", "%26"), ("\n", "%0A"), ("AZaz09", "AZaz09"), ("'!()", "%27%21%28%29"), ("", ""),
        ]
        for (value, expected) in cases {
            XCTAssertEqual(SigV4Encoding.formEncode(value), expected, value)
        }
    }

    func testSignatureEncodingKeepsPercentTwentyForSpaces() {
        // The canonical request's path and query are RFC 3986: never `+` for a space.
        XCTAssertEqual(SigV4Encoding.uriEncode("a b+c"), "a%20b%2Bc")
        XCTAssertEqual(SigV4Encoding.formEncode("a b+c"), "a+b%2Bc")
    }

    func testBodyKeepsTheOrderGiven() {
        XCTAssertEqual(
            SigV4Encoding.formBody([("Action", "X"), ("B", "2 3"), ("A", "1")]),
            "Action=X&B=2+3&A=1")
    }
}
