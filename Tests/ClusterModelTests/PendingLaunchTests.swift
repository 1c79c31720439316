@testable import ClusterModel
import Foundation
import XCTest

/// A launch recorded before its call, and what it started recorded after: merged without
/// duplicates, forgotten once settled or complete, and kept in reservation.json only while pending.
final class PendingLaunchTests: XCTestCase {
    let started = Date(timeIntervalSince1970: 1_800_000_000)

    func state() -> ClusterState {
        ClusterState(provider: .ec2, clusterID: "ess-1a2b3c4d", region: "us-east-1", keyName: "ess-1a2b3c4d", user: "ec2-user")
    }

    func instance(_ id: String, reservation: String = "r-1") -> ProviderInstance {
        ProviderInstance(
            id: id, reservationID: reservation, type: "t3.micro", rawState: "running", state: .running,
            privateAddress: "10.0.0.\(id.count)", publicAddress: nil, clusterTag: "ess-1a2b3c4d", launchedAt: nil)
    }

    func testALaunchIsForgottenWhenItsAnswerIsRecorded() {
        var cluster = state()
        let launch = PendingLaunch(token: "tok-1", count: 2, type: "t3.micro", startedAt: started)
        cluster.begin(launch)
        cluster.begin(launch)
        XCTAssertEqual(cluster.launches, [launch], "one entry per token")
        cluster.record(launch.reservations(of: [instance("i-1"), instance("i-2")]), launch: "tok-1", settled: true)
        XCTAssertEqual(cluster.launches, [])
        XCTAssertEqual(cluster.reservations.map(\.id), ["r-1"])
        XCTAssertEqual(cluster.nodes.map(\.id), ["i-1", "i-2"])
        XCTAssertEqual(cluster.reservations.first?.createdAt, started, "no launch time from the provider: the launch's start")
    }

    func testNodesFoundTwiceAreRecordedOnce() {
        var cluster = state()
        let launch = PendingLaunch(token: "tok-1", count: 3, type: "t3.micro", startedAt: started)
        cluster.begin(launch)
        // status finds two of three (the third does not show yet): recorded, the launch kept.
        cluster.record(launch.reservations(of: [instance("i-1"), instance("i-2")]), launch: "tok-1", settled: false)
        XCTAssertEqual(cluster.launches.map(\.token), ["tok-1"])
        // then all three, as the create's answer names them: only the third is new.
        cluster.record(launch.reservations(of: [instance("i-1"), instance("i-2"), instance("i-3")]), launch: "tok-1", settled: false)
        XCTAssertEqual(cluster.nodes.map(\.id), ["i-1", "i-2", "i-3"])
        XCTAssertEqual(cluster.reservations.count, 1)
        XCTAssertEqual(cluster.launches, [], "every node it asked for is recorded")
    }

    func testASettledLookThatFoundNothingForgetsTheLaunch() {
        var cluster = state()
        cluster.begin(PendingLaunch(token: "tok-1", count: 2, type: "t3.micro", startedAt: started))
        cluster.record([], launch: "tok-1", settled: false)
        XCTAssertEqual(cluster.launches.count, 1, "not settled: kept for a later look")
        cluster.record([], launch: "tok-1", settled: true)
        XCTAssertEqual(cluster.launches, [])
        XCTAssertEqual(cluster.reservations, [])
    }

    func testTheFileNamesLaunchesOnlyWhileSomeArePending() throws {
        var cluster = state()
        let without = String(decoding: try ClusterStateCodec.encode(cluster), as: UTF8.self)
        XCTAssertFalse(without.contains("launches"), without)
        cluster.begin(PendingLaunch(token: "tok-1", count: 4, type: "t3.micro", startedAt: started))
        let data = try ClusterStateCodec.encode(cluster)
        let text = String(decoding: data, as: UTF8.self)
        XCTAssertTrue(text.contains("\"started_at\" : \"2027-01-15T08:00:00Z\""), text)
        XCTAssertEqual(try ClusterStateCodec.decode(data), cluster)
    }

    func testBadLaunchesAreRefusedNamingTheField() throws {
        func problem(_ launches: String) -> StateProblem? {
            let text = """
                {"schema": 1, "provider": "ec2", "cluster_id": "ess-1a2b3c4d", "user": "ec2-user", "reservations": [],
                 "launches": \(launches)}
                """
            do {
                _ = try ClusterStateCodec.decode(Data(text.utf8))
                return nil
            } catch {
                return error as? StateProblem
            }
        }
        let one = #"{"token": "tok-1", "count": 2, "type": "t3.micro", "started_at": "2026-11-23T09:00:00Z"}"#
        XCTAssertNil(problem("[\(one)]"))
        XCTAssertEqual(problem("[\(one), \(one)]")?.field, "launches[1].token")
        XCTAssertEqual(problem("[\(one.replacingOccurrences(of: "\"count\": 2", with: "\"count\": 0"))]")?.field, "launches[0].count")
        XCTAssertEqual(problem("[\(one.replacingOccurrences(of: "tok-1", with: "tok 1"))]")?.field, "launches[0].token")
        XCTAssertEqual(problem("[\(one.replacingOccurrences(of: "2026-11-23T09:00:00Z", with: "yesterday"))]")?.field, "launches[0].started_at")
    }
}
