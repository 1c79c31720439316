import Foundation
import XCTest

@testable import JobWorkers

/// The pool's logic with fake connections and a clock of the test's.
final class ConnectionPoolTests: XCTestCase {
    final class Fake: PoolableConnection, @unchecked Sendable {
        let name: String
        private let lock = NSLock()
        private var open = true

        init(_ name: String) { self.name = name }

        var isOpen: Bool { lock.withLock { open } }

        func close() { lock.withLock { open = false } }
    }

    let start = Date(timeIntervalSince1970: 1_000_000)

    func pool(idle: Double = 60, perKey: Int = 2) -> ConnectionPool<Fake> {
        ConnectionPool(settings: .init(idleTime: idle, maxPerKey: perKey))
    }

    /// What a lease got, in words, for comparing (a patient one when `patient`).
    func leased(_ pool: ConnectionPool<Fake>, _ key: String) -> String {
        switch pool.lease(key).lease {
        case .kept(let connection): return connection.name
        case .make: return "make"
        case .full: return "full"
        }
    }

    func testAPatientLeaseMakesOnlyTheFirstFewThenWaitsForOneToComeBack() {
        let pool = ConnectionPool<Fake>(settings: .init(idleTime: 60, maxPerKey: 8, maxMakingPerKey: 8, madeFreely: 2))
        XCTAssertEqual(pool.lease("a", patient: true).lease.made, true)
        XCTAssertEqual(pool.lease("a", patient: true).lease.made, true)
        pool.made("a")
        pool.made("a")
        XCTAssertEqual(pool.lease("a", patient: true).lease.made, false, "2 leased: a patient lease waits")
        XCTAssertEqual(pool.lease("b", patient: true).lease.made, true, "another node has room")
        XCTAssertEqual(pool.lease("a").lease.made, true, "an impatient lease makes a third")
        pool.made("a")
        let back = Fake("back")
        XCTAssertEqual(pool.put(back, key: "a", at: start).count, 0)
        XCTAssertEqual(leased(pool, "a"), "back", "the one back is taken before any is made")
        XCTAssertEqual(pool.liveCounts["a"], 3)
    }

    func testALeasedConnectionIsTheCallersAloneAndComesBackForTheNextOne() {
        let pool = pool()
        XCTAssertEqual(leased(pool, "a"), "make", "nothing kept yet")
        let one = Fake("one")
        XCTAssertEqual(pool.put(one, key: "a", at: start).count, 0)
        XCTAssertEqual(leased(pool, "a"), "one")
        XCTAssertEqual(leased(pool, "a"), "make", "a leased connection is not given to a second user")
        XCTAssertEqual(leased(pool, "b"), "make", "another node's key gets nothing kept")
    }

    func testAKeyWithItsFillLeasedWaitsUntilOneComesBackOrEnds() {
        let pool = pool(perKey: 2)
        XCTAssertEqual([leased(pool, "a"), leased(pool, "a"), leased(pool, "a")], ["make", "make", "full"])
        pool.made("a")
        pool.made("a")
        XCTAssertEqual(leased(pool, "a"), "full", "two made, both leased")
        let one = Fake("one")
        XCTAssertEqual(pool.put(one, key: "a", at: start).count, 0)
        XCTAssertEqual(leased(pool, "a"), "one", "the one given back")
        pool.ended("a")
        XCTAssertEqual(leased(pool, "a"), "make", "one gone: room for a new one")
        XCTAssertEqual(leased(pool, "a"), "full")
        pool.forceMake("a")
        XCTAssertEqual(pool.liveCounts, ["a": 3])
        let extra = Fake("extra")
        XCTAssertTrue(pool.put(extra, key: "a", at: start).first === extra, "beyond the fill: closed when it comes back")
        XCTAssertEqual(pool.liveCounts, ["a": 2])
    }

    func testAKeyMakesAtMostTwoAtOnce() {
        let pool = ConnectionPool<Fake>(settings: .init(idleTime: 60, maxPerKey: 8))
        XCTAssertEqual([leased(pool, "a"), leased(pool, "a"), leased(pool, "a")], ["make", "make", "full"])
        XCTAssertEqual(leased(pool, "b"), "make", "another key makes its own")
        pool.made("a")
        XCTAssertEqual(leased(pool, "a"), "make", "one handshake done: room for the next")
        pool.ended("a", whileMaking: true)
        XCTAssertEqual(leased(pool, "a"), "make", "one that failed makes room too")
        XCTAssertEqual(pool.liveCounts, ["a": 3, "b": 1])
    }

    func testTheMostRecentlyUsedComesFirst() {
        let pool = pool(perKey: 2)
        _ = [leased(pool, "a"), leased(pool, "a")]
        let (one, two) = (Fake("one"), Fake("two"))
        XCTAssertEqual(pool.put(one, key: "a", at: start).count, 0)
        XCTAssertEqual(pool.put(two, key: "a", at: start + 1).count, 0)
        XCTAssertEqual([leased(pool, "a"), leased(pool, "a")], ["two", "one"])
    }

    func testAClosedConnectionIsNeitherKeptNorLeased() {
        let pool = pool()
        let gone = Fake("gone")
        gone.close()
        _ = leased(pool, "a")
        XCTAssertTrue(pool.put(gone, key: "a", at: start).first === gone)
        XCTAssertEqual(pool.liveCounts, [:])
        let (one, two) = (Fake("one"), Fake("two"))
        pool.ended("a", whileMaking: true)
        XCTAssertEqual([leased(pool, "a"), leased(pool, "a")], ["make", "make"])
        _ = pool.put(one, key: "a", at: start)
        _ = pool.put(two, key: "a", at: start)
        two.close()
        let taken = pool.lease("a")
        guard case .kept(let connection) = taken.lease else { return XCTFail("\(taken.lease)") }
        XCTAssertTrue(connection === one, "the open one under the closed one")
        XCTAssertEqual(taken.dropped.map(\.name), ["two"])
        XCTAssertEqual(pool.liveCounts, ["a": 1])
    }

    func testASweepDropsConnectionsIdleTooLongAndThoseThatClosed() {
        let pool = pool(idle: 60)
        let (old, fresh, dead) = (Fake("old"), Fake("fresh"), Fake("dead"))
        _ = pool.put(old, key: "a", at: start)
        _ = pool.put(fresh, key: "b", at: start + 50)
        _ = pool.put(dead, key: "c", at: start + 50)
        dead.close()
        XCTAssertEqual(pool.sweep(at: start + 59).map(\.name), ["dead"])
        XCTAssertEqual(pool.sweep(at: start + 60).map(\.name), ["old"])
        XCTAssertEqual(pool.idleCounts, ["b": 1])
        XCTAssertEqual(pool.sweep(at: start + 110).map(\.name), ["fresh"])
        XCTAssertEqual(pool.idleCounts, [:])
    }

    func testKeepingOnlyTheLiveNodesOfOneClusterLeavesOtherClustersAlone() {
        let pool = pool()
        for key in ["x/a", "x/b", "y/a"] { _ = pool.put(Fake(key), key: key, at: start) }
        XCTAssertEqual(pool.keep(only: ["x/a"], under: "x/").map(\.name), ["x/b"])
        XCTAssertEqual(pool.idleCounts, ["x/a": 1, "y/a": 1])
        XCTAssertEqual(Set(pool.keep(only: [], under: "y/").map(\.name)), ["y/a"])
    }

    func testAClosedPoolDropsEverythingAndKeepsNothingAfterwards() {
        let pool = pool()
        _ = pool.put(Fake("one"), key: "a", at: start)
        _ = pool.put(Fake("two"), key: "b", at: start)
        XCTAssertEqual(Set(pool.close().map(\.name)), ["one", "two"])
        let late = Fake("late")
        XCTAssertTrue(pool.put(late, key: "a", at: start).first === late, "given back after the close: closed")
        XCTAssertEqual(pool.liveCounts, [:], "every connection counted is gone")
    }
}

extension ConnectionPool.Lease {
    /// True for `make`, false for `full`; nil for a kept connection.
    var made: Bool? {
        switch self {
        case .make: return true
        case .full: return false
        case .kept: return nil
        }
    }
}
