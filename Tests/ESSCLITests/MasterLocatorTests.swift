import Foundation
import JobClient
import TestSupport
import XCTest

/// Finding the master: ESS_MASTER, then .conf/master.json if it answers, else start one.
final class MasterLocatorTests: XCTestCase {
    /// What the fake world saw: starts, sleeps, URLs asked.
    final class World: @unchecked Sendable {
        let lock = NSLock()
        var alive: Set<Int32> = []
        var answering: Set<String> = []
        var starts = 0
        var sleeps: [Double] = []
        var onStart: (World) throws -> Void = { _ in }
        var onSleep: (World) -> Void = { _ in }
    }

    private func locator(_ directory: String, _ world: World, environment: [String: String] = [:]) -> MasterLocator {
        MasterLocator(
            directory: directory, environment: environment,
            isAlive: { pid in world.lock.withLock { world.alive.contains(pid) } },
            answers: { url in world.lock.withLock { world.answering.contains(url) } },
            start: {
                world.lock.withLock { world.starts += 1 }
                try world.onStart(world)
            },
            sleep: { seconds in
                world.lock.withLock { world.sleeps.append(seconds) }
                world.onSleep(world)
            })
    }

    private func writeRecord(_ directory: String, pid: Int32, url: String) {
        try? FileManager.default.createDirectory(atPath: directory + "/.conf", withIntermediateDirectories: true)
        let json = #"{"pid": \#(pid), "url": "\#(url)", "started": "2026-12-02T07:00:00.000Z", "directory": "\#(directory)"}"#
        _ = FileManager.default.createFile(atPath: directory + "/.conf/master.json", contents: Data(json.utf8))
    }

    func testESSMasterWinsAndMustBeAURL() throws {
        let directory = TemporaryDirectory("locator").path
        let world = World()
        let found = try locator(directory, world, environment: ["ESS_MASTER": "http://10.0.0.5:5678"]).locate()
        XCTAssertEqual(found, MasterLocator.Found(url: "http://10.0.0.5:5678", pid: nil, started: false))
        let secure = try locator(directory, world, environment: ["ESS_MASTER": "https://master.example:8443"]).locate()
        XCTAssertEqual(secure.url, "https://master.example:8443")
        XCTAssertThrowsError(try locator(directory, world, environment: ["ESS_MASTER": "10.0.0.5:5678"]).locate()) {
            XCTAssertEqual($0 as? JobClientError, .badMasterURL("10.0.0.5:5678"))
        }
        XCTAssertEqual(world.starts, 0)
    }

    func testALiveAnsweringMasterIsUsedAsIs() throws {
        let directory = TemporaryDirectory("locator").path
        writeRecord(directory, pid: 4242, url: "http://127.0.0.1:5678")
        let world = World()
        world.alive = [4242]
        world.answering = ["http://127.0.0.1:5678"]
        XCTAssertEqual(try locator(directory, world).locate(), MasterLocator.Found(url: "http://127.0.0.1:5678", pid: 4242, started: false))
        XCTAssertEqual(world.starts, 0)
        XCTAssertEqual(world.sleeps, [])
    }

    func testNoRecordOrADeadPidStartsOne() throws {
        for stale in [false, true] {
            let directory = TemporaryDirectory("locator").path
            if stale { writeRecord(directory, pid: 999_999, url: "http://127.0.0.1:5678") }
            let world = World()
            world.onStart = { world in
                self.writeRecord(directory, pid: 77, url: "http://127.0.0.1:40001")
                world.alive.insert(77)
                world.answering.insert("http://127.0.0.1:40001")
            }
            XCTAssertEqual(try locator(directory, world).locate(), MasterLocator.Found(url: "http://127.0.0.1:40001", pid: 77, started: true))
            XCTAssertEqual(world.starts, 1)
        }
    }

    func testARestartingMasterIsRetriedWithBackoffThenNamed() throws {
        let directory = TemporaryDirectory("locator").path
        writeRecord(directory, pid: 4242, url: "http://127.0.0.1:5678")
        let world = World()
        world.alive = [4242]
        var sleeps = 0
        world.onSleep = { world in
            sleeps += 1
            if sleeps == 3 { world.answering.insert("http://127.0.0.1:5678") }
        }
        XCTAssertEqual(try locator(directory, world).locate().started, false)
        XCTAssertEqual(world.sleeps, [0.1, 0.2, 0.4])

        let silent = World()
        silent.alive = [4242]
        XCTAssertThrowsError(try locator(directory, silent).locate()) { error in
            XCTAssertEqual(error as? JobClientError, .notAnswering(url: "http://127.0.0.1:5678", pid: 4242, attempts: 1 + silent.sleeps.count))
        }
        XCTAssertEqual(silent.sleeps.reduce(0, +), 6, accuracy: 1e-9)
        XCTAssertEqual(silent.starts, 0, "a live master is never doubled")
    }

    func testAFailedStartStillUsesAMasterAnotherEssStarted() throws {
        let directory = TemporaryDirectory("locator").path
        let world = World()
        world.onStart = { world in
            self.writeRecord(directory, pid: 88, url: "http://127.0.0.1:40002")
            world.alive.insert(88)
            world.answering.insert("http://127.0.0.1:40002")
            throw JobClientError.startFailed(status: 75, output: "another master holds the lock")
        }
        XCTAssertEqual(try locator(directory, world).locate(), MasterLocator.Found(url: "http://127.0.0.1:40002", pid: 88, started: false))

        let lonely = World()
        lonely.onStart = { _ in throw JobClientError.startFailed(status: 1, output: "port in use") }
        let empty = TemporaryDirectory("locator").path
        XCTAssertThrowsError(try locator(empty, lonely).locate()) {
            XCTAssertEqual($0 as? JobClientError, .startFailed(status: 1, output: "port in use"))
        }
    }
}
