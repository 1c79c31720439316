import Foundation
import TestSupport
import XCTest

/// Figures, not timed assertions: delivery delay from the state change (the event's stored
/// time) to receipt by a healthy receiver (p50/p99), and deliveries per second to 100
/// subscriptions. Printed as FIGURE lines for the README.
final class NotificationFigureTests: NotificationTestCase {
    func testDeliveryDelayAndThroughputFigures() throws {
        let id = try subscribe("/delay/one")
        for _ in 0..<200 { try cluster.curl("POST", "/v1/notifications/\(id)/_test") }
        let single = receiver.wait("/delay/one", timeout: 60) { $0.count >= 200 }
        XCTAssertEqual(single.count, 200)
        let delays = single.compactMap { request in request.time.map { request.arrived - $0 } }.sorted()
        XCTAssertTrue(single.allSatisfy(\.verified))

        for index in 0..<100 {
            let body = #"{"url": "\#(receiver.url("/many/\(index)"))", "event": "job.*", "persistent": true}"#
            let made = try JSONSerialization.jsonObject(with: try cluster.curl("POST", "/v1/notifications", body: body)) as? [String: Any]
            try receiver.trust("/many/\(index)", secret: try XCTUnwrap(made?["secret"] as? String))
        }
        let (_, ex) = try cluster.submit(try quickJob("fanned", slices: 2))
        XCTAssertEqual(cluster.wait(ex: ex, for: ["completed", "failed"]), "completed")
        let events = receiver.wait("/many/0", timeout: 60) { $0.contains { $0.event == "job.completed" } }.count
        let many = { self.receiver.received.filter { $0.path.hasPrefix("/many/") } }
        _ = eventually(within: 120, interval: 0.1) { many().count >= 100 * events }
        let got = many()
        let unique = Set(got.map { "\($0.path) \($0.id)" })
        XCTAssertEqual(unique.count, 100 * events, "every subscription got every event")
        XCTAssertEqual(got.count, unique.count, "no delivery acknowledged twice")
        XCTAssertTrue(got.allSatisfy(\.verified))
        let first = got.compactMap(\.time).min() ?? 0, last = got.map(\.arrived).max() ?? 0
        let rate = Double(unique.count) / max(last - first, 0.001)
        func percentile(_ p: Double) -> Double { delays.isEmpty ? 0 : delays[min(delays.count - 1, Int(Double(delays.count) * p))] * 1000 }
        JobFigure.report("notify_delay", String(format: "p50 %.1f ms, p99 %.1f ms over %d events (stored → received, healthy receiver)", percentile(0.5), percentile(0.99), delays.count))
        JobFigure.report("notify_fanout", String(format: "%d deliveries (%d events × 100 subscriptions) in %.2f s: %.0f deliveries/s", unique.count, events, last - first, rate))
    }
}
