import Foundation
import Platform
import XCTest

/// The flag Ctrl-C raises: sleeps end early, `race` returns at once, a real SIGINT raises it.
final class CancellationFlagTests: XCTestCase {
    func testSleepEndsWhenRaised() {
        let flag = CancellationFlag()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.1) { flag.cancel() }
        let started = Date()
        XCTAssertFalse(flag.sleep(30))
        XCTAssertLessThan(Date().timeIntervalSince(started), 2)
        XCTAssertTrue(flag.isCancelled)
        XCTAssertFalse(flag.sleep(30), "a raised flag never sleeps")
    }

    func testSleepRunsItsCourseOtherwise() {
        XCTAssertTrue(CancellationFlag().sleep(0.05))
    }

    func testRaceReturnsTheResultOrNilWhenRaised() throws {
        let flag = CancellationFlag()
        XCTAssertEqual(try flag.race { 42 }, 42)
        XCTAssertThrowsError(try flag.race { () -> Int in throw CocoaError(.fileNoSuchFile) })
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.1) { flag.cancel() }
        let started = Date()
        let result = try flag.race { () -> Int in
            Thread.sleep(forTimeInterval: 5)
            return 1
        }
        XCTAssertNil(result)
        XCTAssertLessThan(Date().timeIntervalSince(started), 2)
    }
}
