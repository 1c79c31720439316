import ClusterModel
import ESSCore
import Foundation
import Platform
import TestSupport
import XCTest

final class ReservationStoreTests: XCTestCase {
    var directory: TemporaryDirectory!
    var paths: ESSPaths!

    override func setUp() {
        directory = TemporaryDirectory()
        paths = ESSPaths(workingDirectory: directory.path, environment: ["ESS_AWS_DIR": directory.path + "/aws", "HOME": directory.path])
    }

    override func tearDown() {
        directory.remove()
    }

    func sample(_ id: String = "c1") -> ClusterState {
        ClusterState(provider: .local, clusterID: id, user: "root", reservations: [
            Reservation(id: "r-1", type: "m3.medium", createdAt: nil, nodes: [
                Node(id: "i-1", type: "m3.medium", state: .running, privateAddress: "127.64.0.2", publicAddress: "127.64.0.2")
            ])
        ])
    }

    func testUpdateWritesAtomicallyAndKeepsABackup() throws {
        let store = ReservationStore(paths: paths, defaultUser: { _ in "root" })
        try store.update("test") { $0 = sample() }
        XCTAssertEqual(try store.load(), sample())
        XCTAssertNil(PrivateFiles.mode(of: paths.stateFile + ".bak"), "no backup before a second write")
        try store.update("test") { $0?.user = "ubuntu" }
        XCTAssertEqual(try store.load()?.user, "ubuntu")
        let backup = try ClusterStateCodec.decode(try XCTUnwrap(FileManager.default.contents(atPath: paths.stateFile + ".bak")))
        XCTAssertEqual(backup.user, "root")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: paths.confDirectory).filter { $0.contains(".tmp.") }
        XCTAssertEqual(leftovers, [])
    }

    func testCorruptFileIsNeverOverwritten() throws {
        try PrivateFiles.makeDirectory(paths.confDirectory)
        let corrupt = Data(#"{"schema": 1, "provider": "local", "cluster_id": "c1", "reservations": [{"id": "#.utf8)
        _ = FileManager.default.createFile(atPath: paths.stateFile, contents: corrupt)
        let store = ReservationStore(paths: paths, defaultUser: { _ in "root" })
        XCTAssertThrowsError(try store.update("test") { $0 = sample() }) { error in
            guard case .invalid(let path, let problem)? = error as? StateFileError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, paths.stateFile)
            XCTAssertTrue(problem.expected.contains("truncated"), "\(problem)")
        }
        XCTAssertEqual(FileManager.default.contents(atPath: paths.stateFile), corrupt)
    }

    func testSymlinkedStateFileIsRefused() throws {
        try PrivateFiles.makeDirectory(paths.confDirectory)
        let real = directory.path + "/elsewhere.json"
        _ = FileManager.default.createFile(atPath: real, contents: try ClusterStateCodec.encode(sample()))
        try FileManager.default.createSymbolicLink(atPath: paths.stateFile, withDestinationPath: real)
        XCTAssertThrowsError(try ReservationStore(paths: paths, defaultUser: { _ in "root" }).load()) { error in
            XCTAssertEqual(error as? StateFileError, .symbolicLink(path: paths.stateFile))
        }
    }

    func testSecondWriterWaitsThenNamesTheHolder() throws {
        let store = ReservationStore(paths: paths, lockTimeout: 0.3, defaultUser: { _ in "root" })
        try PrivateFiles.makeDirectory(paths.confDirectory)
        let held = try FileLock(path: paths.stateLock, timeout: 1, purpose: "ess cluster create (test holder)")
        XCTAssertThrowsError(try store.update("second") { $0 = sample() }) { error in
            guard case .locked(let busy)? = error as? StateFileError else { return XCTFail("\(error)") }
            XCTAssertEqual(busy.path, paths.stateLock)
            XCTAssertTrue(busy.holder.contains("pid \(getpid())"), busy.holder)
            XCTAssertTrue(busy.holder.contains("test holder"), busy.holder)
        }
        held.unlock()
        XCTAssertNoThrow(try store.update("second") { $0 = sample() })
    }

    func testConcurrentUpdatesAllLand() throws {
        let store = ReservationStore(paths: paths, lockTimeout: 30, defaultUser: { _ in "root" })
        try store.update("seed") { $0 = ClusterState(provider: .local, clusterID: "c1", user: "root") }
        let errors = ErrorList()
        let paths: ESSPaths = self.paths
        DispatchQueue.concurrentPerform(iterations: 16) { index in
            do {
                try ReservationStore(paths: paths, lockTimeout: 30, defaultUser: { _ in "root" }).update("add \(index)") { state in
                    state?.reservations.append(Reservation(id: "r-\(index)", type: "t", createdAt: nil, nodes: []))
                }
            } catch {
                errors.append(error)
            }
        }
        XCTAssertEqual(errors.count, 0)
        XCTAssertEqual(Set(try store.load()?.reservations.map(\.id) ?? []), Set((0..<16).map { "r-\($0)" }))
    }

    func testRegistryKeepsForgottenReservations() throws {
        let store = ReservationStore(paths: paths, defaultUser: { _ in "root" })
        try store.update("a") { $0 = sample("c9") }
        try store.update("b") { $0?.reservations.removeAll() }
        let record = try XCTUnwrap(ClusterRegistry(paths: paths).load("c9"))
        XCTAssertEqual(record.reservations, ["r-1"])
        XCTAssertEqual(record.nodes, 0)
        XCTAssertEqual(record.directory, directory.path)
    }
}

final class ErrorList: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [Error] = []
    func append(_ error: Error) { lock.withLock { errors.append(error) } }
    var count: Int { lock.withLock { errors.count } }
}
