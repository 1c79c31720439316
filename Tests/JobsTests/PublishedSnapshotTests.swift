import Foundation
import JobModel
@testable import Jobs
import XCTest

/// The statistics a controller publishes: its rate over the last seconds, decaying when idle,
/// and the times it started and finished slicing.
final class PublishedSnapshotTests: XCTestCase {
    func testTheRateCountsCompletionsOverTheWindowAndDecaysWhenIdle() throws {
        let published = PublishedSnapshot()
        let start = Date(timeIntervalSince1970: 1_000_000)
        XCTAssertNil(published.read(at: start))
        for second in 0...20 {
            let snapshot = ExecutionSnapshot(status: .running, counts: SliceCounts(completed: second * 100), total: 5000, slicerFinished: second >= 5)
            published.update(snapshot, at: start.addingTimeInterval(Double(second)))
        }
        let now = try XCTUnwrap(published.read(at: start.addingTimeInterval(20)))
        XCTAssertEqual(now.rate, 100, accuracy: 0.001)
        XCTAssertEqual(now.startedAt, start)
        XCTAssertEqual(now.queuingCompleteAt, start.addingTimeInterval(5))
        let idle = try XCTUnwrap(published.read(at: start.addingTimeInterval(40)))
        XCTAssertLessThan(idle.rate, 50, "no completion for 20 s: the rate falls")

        let fresh = PublishedSnapshot()
        fresh.update(ExecutionSnapshot(status: .running, counts: SliceCounts(completed: 3)), at: start)
        XCTAssertEqual(fresh.read(at: start.addingTimeInterval(0.1))?.rate, 0, "too short a span to have a rate")
    }
}
