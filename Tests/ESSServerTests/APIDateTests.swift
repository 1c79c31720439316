import JobAPI
import XCTest

/// `since` and the other instants a query gives: every RFC 3339 `date-time` (the OpenAPI
/// format the contract names), offsets past Foundation's ±18 hours and leap seconds included;
/// nothing else.
final class APIDateTests: XCTestCase {
    func testEveryRFC3339DateTimeIsAnInstant() {
        XCTAssertEqual(APIDate.instant("2026-12-02T10:00:00Z")?.timeIntervalSince1970, 1_796_205_600)
        XCTAssertEqual(APIDate.instant("2026-12-02T10:00:00.250Z")?.timeIntervalSince1970, 1_796_205_600.25)
        XCTAssertEqual(APIDate.instant("2026-12-02T11:30:00+01:30")?.timeIntervalSince1970, 1_796_205_600)
        XCTAssertEqual(APIDate.instant("4556-07-22T13:07:32-21:41")?.timeIntervalSince1970, 81_623_933_312)
        XCTAssertEqual(APIDate.instant("4556-07-22t13:07:32z")?.timeIntervalSince1970, 81_623_933_312 - 21 * 3600 - 41 * 60)
        let early = try? XCTUnwrap(APIDate.instant("0130-07-16T22:53:30.7+18:29")?.timeIntervalSince1970)
        XCTAssertEqual(early ?? 0, -58_047_824_129.3, accuracy: 0.001)
        XCTAssertEqual(APIDate.instant("2024-02-29T23:59:60Z")?.timeIntervalSince1970, 1_709_251_200, "a leap second")
    }

    func testWhatIsNoDateTimeIsRefused() {
        for text in ["2026-13-01T00:00:00Z", "2026-12-02T10:00:00+24:00", "2026-12-02T10:00:00", "yesterday", ""] {
            XCTAssertNil(APIDate.instant(text), text)
        }
    }
}
