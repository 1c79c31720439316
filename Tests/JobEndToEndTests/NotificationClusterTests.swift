import Foundation
import TestSupport
import XCTest

/// Cluster events end to end: an API cluster's life (requested → … → terminated) reaches a
/// real receiver, in order and signed, with `${CLUSTER_ID}` and `${CLUSTER_STATUS}` templated.
final class NotificationClusterTests: NotificationTestCase {
    func testAnAPIClustersLifeIsDeliveredInOrder() throws {
        _ = try subscribe("/clusters", event: "cluster.*")
        let created = try JSONSerialization.jsonObject(with: try cluster.curl("POST", "/v1/clusters", body: #"{"name": "told", "nodes": 1, "instance_type": "t2.micro"}"#))
        let id = try XCTUnwrap((created as? [String: Any])?["id"] as? Int)
        receiver.wait("/clusters", timeout: 120) { $0.contains { $0.event == "cluster.available" || $0.event == "cluster.idled" } }
        try cluster.curl("DELETE", "/v1/clusters/\(id)")
        let got = receiver.wait("/clusters", timeout: 120) { $0.contains { $0.event == "cluster.terminated" } }
        let events = assertInOrder(got)
        XCTAssertEqual(events.first, "cluster.requested")
        XCTAssertEqual(events.last, "cluster.terminated")
        XCTAssertTrue(events.contains("cluster.creating"), "\(events)")
        XCTAssertEqual(Set(got.compactMap(\.subjectID)), [id])
    }

    func testTemplatesNameTheClusterAndItsStatus() throws {
        let made = cluster.ess.run(["notify", "add", "--url", receiver.url("/c/${CLUSTER_ID}/${CLUSTER_STATUS}"), "--event", "cluster.requested", "--json"])
        XCTAssertEqual(made.status, 0, made.stderr)
        let created = try JSONSerialization.jsonObject(with: try cluster.curl("POST", "/v1/clusters", body: #"{"name": "templated", "nodes": 1, "instance_type": "t2.micro"}"#))
        let id = try XCTUnwrap((created as? [String: Any])?["id"] as? Int)
        let got = receiver.wait("/c/\(id)/pending", timeout: 30) { !$0.isEmpty }
        XCTAssertEqual(got.count, 1, "\(receiver.received.map(\.path))")
        try cluster.curl("DELETE", "/v1/clusters/\(id)")
    }
}
