import ClusterModel
import ESSCore
import Foundation
import XCTest

/// The orphan window (issue 18): a create killed after its launch call reached the provider and
/// before it recorded the answer. The kill is modelled exactly: the provider's launch hook copies
/// the state file as it is at that moment, and the test puts that copy back, as the killed process
/// would have left it; the "cloud" (the scripted provider) keeps what the launch started.
extension OrchestrationTests {
    /// A create killed right after its launch call: the state file it leaves.
    func killedRightAfterTheLaunch(_ number: Int) throws -> Data {
        var left: Data?
        let path = context.paths.stateFile
        provider.afterLaunch = { left = FileManager.default.contents(atPath: path) }
        _ = try create(number, wait: .nothing)
        provider.afterLaunch = nil
        let bytes = try XCTUnwrap(left)
        try bytes.write(to: URL(fileURLWithPath: path))
        return bytes
    }

    func testTheLaunchTokenIsRecordedBeforeTheCall() throws {
        _ = try killedRightAfterTheLaunch(4)
        let state = try XCTUnwrap(try context.store.load())
        XCTAssertEqual(state.reservations, [], "no id of the launch was recorded")
        XCTAssertEqual(state.launches.map(\.count), [4])
        XCTAssertEqual(state.launches.first?.type, "m3.medium")
        XCTAssertEqual(try provider.describe(clusterID: state.clusterID).count, 4, "the 4 nodes exist")
    }

    func testStatusRecordsWhatAKilledCreateLaunched() throws {
        _ = try killedRightAfterTheLaunch(4)
        let status = try ReadStatus(context).run()
        XCTAssertEqual(status.rows.map(\.node.id), ["i-1", "i-2", "i-3", "i-4"])
        XCTAssertEqual(status.unlisted.map(\.id), [], "recorded, so not unlisted")
        let state = try XCTUnwrap(try context.store.load())
        XCTAssertEqual(state.reservations.map(\.id), ["r-1"])
        XCTAssertEqual(state.launches, [])
        XCTAssertEqual(provider.lookupPatience, [0], "status looks once")

        let outcome = try TerminateCluster(context).run(all: true)
        XCTAssertEqual(outcome.terminated, ["i-1", "i-2", "i-3", "i-4"])
        XCTAssertNil(try context.store.load())
        XCTAssertTrue(provider.calls.contains("deleteSecurityGroup"))
        XCTAssertTrue(provider.calls.contains("deleteKeyPair"))
        XCTAssertEqual(try provider.describe(clusterID: "any").filter { !$0.state.isFinal }, [])
    }

    func testTerminateAllEndsWhatAKilledCreateLaunched() throws {
        _ = try killedRightAfterTheLaunch(3)
        let outcome = try TerminateCluster(context).run(all: true)
        XCTAssertEqual(outcome.terminated, ["i-1", "i-2", "i-3"])
        XCTAssertEqual(outcome.unlisted, [])
        XCTAssertTrue(outcome.deletedKey)
        XCTAssertTrue(outcome.deletedGroup)
        XCTAssertNil(try context.store.load())
    }

    func testACreateAfterAKilledOneFindsTheClusterHasNodes() throws {
        _ = try killedRightAfterTheLaunch(2)
        XCTAssertThrowsError(try create(2)) { XCTAssertEqual($0 as? ClusterError, .alreadyExists) }
        XCTAssertEqual(try recorded().keys.sorted(), ["i-1", "i-2"])
        XCTAssertEqual(provider.calls.filter { $0.hasPrefix("launch") }.count, 1, "no second launch")
    }

    func testALaunchWhoseAnswerWasLostIsRecordedByItsToken() throws {
        provider.loseLaunchAnswer = true
        XCTAssertThrowsError(try create(3, wait: .nothing))
        let state = try XCTUnwrap(try context.store.load())
        XCTAssertEqual(state.nodes.map(\.id), ["i-1", "i-2", "i-3"])
        XCTAssertEqual(state.launches, [])
    }

    /// Killed after the token was recorded, before the call reached the provider: nothing was
    /// started. Status keeps the launch (it may yet show); terminate looks for it until
    /// `PendingLaunch.visibleWithin` after its start, then forgets it and deletes the rest.
    func testALaunchThatNeverHappenedIsForgottenByTerminate() throws {
        _ = try create(1, wait: .nothing)
        _ = try TerminateCluster(context).run(all: false)
        try context.store.update("a create killed before its call") { current in
            current?.begin(PendingLaunch(token: "tok-never", count: 2, type: "m3.medium", startedAt: clock.now().addingTimeInterval(-5)))
        }
        _ = try ReadStatus(context).run()
        XCTAssertEqual(try XCTUnwrap(try context.store.load()).launches.map(\.token), ["tok-never"], "status keeps it")
        let outcome = try TerminateCluster(context).run(all: true)
        XCTAssertEqual(outcome.terminated, [])
        XCTAssertEqual(provider.lookupPatience, [0, 10], "status looks once; terminate waits out the 15 s from the launch's start")
        XCTAssertNil(try context.store.load())
        XCTAssertTrue(provider.calls.contains("deleteKeyPair"))
    }

    func testStatusForgetsALaunchThatShowsNothingLongAfterItBegan() throws {
        _ = try create(1, wait: .nothing)
        let now = clock.now()
        try context.store.update("two creates killed before their calls") { current in
            current?.begin(PendingLaunch(token: "tok-old", count: 2, type: "m3.medium", startedAt: now.addingTimeInterval(-PendingLaunch.abandonedAfter)))
            current?.begin(PendingLaunch(token: "tok-young", count: 2, type: "m3.medium", startedAt: now.addingTimeInterval(-60)))
        }
        _ = try ReadStatus(context).run()
        XCTAssertEqual(try XCTUnwrap(try context.store.load()).launches.map(\.token), ["tok-young"])
        XCTAssertEqual(provider.lookupPatience, [0, 0], "status does not wait")
    }

    func testAFailedLookupKeepsTheLaunchForTheNextCommand() throws {
        provider.loseLaunchAnswer = true
        provider.lookupFailure = ScriptedProvider.Failure(what: "EC2 did not answer")
        XCTAssertThrowsError(try create(2, wait: .nothing))
        XCTAssertEqual(try XCTUnwrap(try context.store.load()).launches.count, 1, "nothing proves the launch did not happen")
        XCTAssertThrowsError(try TerminateCluster(context).run(all: true))
        XCTAssertNotNil(try context.store.load(), "the cluster is kept while its launch cannot be looked up")
        XCTAssertFalse(provider.calls.contains("deleteKeyPair"))
        provider.lookupFailure = nil
        let outcome = try TerminateCluster(context).run(all: true)
        XCTAssertEqual(outcome.terminated, ["i-1", "i-2"])
        XCTAssertNil(try context.store.load())
    }
}
