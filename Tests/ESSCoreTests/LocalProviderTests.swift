import ClusterModel
import ESSCore
import Foundation
import Platform
import Providers
import SSH
import TestSupport
import XCTest

/// The local provider against real sshd daemons.
final class LocalProviderTests: XCTestCase {
    var directory: TemporaryDirectory!
    var paths: ESSPaths!
    var provider: LocalProvider!
    var launched: [ProviderInstance] = []

    override func setUp() {
        directory = TemporaryDirectory()
        paths = ESSPaths(workingDirectory: directory.path, environment: ["ESS_AWS_DIR": directory.path + "/aws", "HOME": directory.path])
        provider = LocalProvider(root: paths.localRoot, user: LocalProvider.currentUser(fallback: nil))
    }

    override func tearDown() {
        // Stop exactly the daemons this test started, by pid, whatever happened.
        try? provider.terminate(instanceIDs: launched.map(\.id))
        directory.remove()
    }

    func launch(_ count: Int, token: String = UUID().uuidString) throws -> (instances: [ProviderInstance], key: String) {
        let key = try KeyStore(paths: paths).ensureKey(named: "c1")
        try provider.ensureKeyPair(name: "c1", publicKey: key.publicLine, clusterID: "c1")
        _ = try provider.ensureSecurityGroup(name: "c1", clusterID: "c1")
        let instances = try provider.launch(LaunchRequest(clusterID: "c1", count: count, type: "t2.micro", keyName: "c1", securityGroup: "c1", clientToken: token))
        launched += instances
        return (instances, key.path)
    }

    func connect(_ instance: ProviderInstance, key: String) throws -> SSHConnection {
        // Transient failures are retried for 10 s; the last one is the answer after that.
        var connection: SSHConnection?
        var transient: SSHError?
        _ = try eventually(within: 10, interval: 0.05) {
            do {
                connection = try SSHConnection(
                    target: SSHTarget(host: instance.publicAddress!, port: instance.port, user: provider.defaultUser),
                    auth: .keyFile(key), hostKeyPolicy: .trustOnFirstUse)
            } catch let error as SSHError where error.isTransient {
                transient = error
            }
            return connection != nil
        }
        guard let connection else { throw transient ?? TestFailure("no connection to \(instance.id)") }
        return connection
    }

    func testLocalStatesMapOntoNodeStates() {
        XCTAssertEqual(LocalProvider.stateTable.state(for: "listening"), .running)
        XCTAssertEqual(LocalProvider.stateTable.state(for: "dead"), .failed)
        XCTAssertEqual(LocalProvider.stateTable.state(for: "weird"), .pending)
    }

    func testNodesAreRealIsolatedSSHDaemons() throws {
        let (instances, key) = try launch(3)
        XCTAssertEqual(instances.count, 3)
        XCTAssertEqual(Set(instances.map(\.reservationID)).count, 1)
        XCTAssertTrue(instances[0].reservationID.hasPrefix("r-") && instances[0].id.hasPrefix("i-"))
        XCTAssertEqual(Set(instances.compactMap(\.privateAddress)).count, 3, "one loopback address per node")
        for instance in instances {
            XCTAssertTrue(instance.privateAddress!.hasPrefix("127."))
        }
        let first = try connect(instances[0], key: key)
        XCTAssertEqual(try first.exec("echo secret > mine.txt && pwd").exitCode, 0)
        let second = try connect(instances[1], key: key)
        let look = try second.exec("cat mine.txt 2>/dev/null || echo absent; echo $ESS_NODE_ID")
        XCTAssertEqual(look.stdoutText, "absent\n\(instances[1].id)\n", "a file on one node is not visible on another")
        let again = try first.exec("cat mine.txt")
        XCTAssertEqual(again.stdoutText, "secret\n")
        // Host key as the provider generated it.
        let hostKeyLine = try String(contentsOfFile: paths.localRoot + "/instances/\(instances[0].id)/ssh_host_ed25519_key.pub", encoding: .utf8)
        XCTAssertTrue(hostKeyLine.contains(first.hostKey.base64))

        let described = try provider.describe(reservationIDs: [instances[0].reservationID], requireAll: true)
        XCTAssertEqual(described.map(\.id).sorted(), instances.map(\.id).sorted())
        XCTAssertTrue(described.allSatisfy { $0.state == .running && $0.rawState == "listening" }, "\(described.map(\.rawState))")
        XCTAssertEqual(try provider.describe(clusterID: "c1").count, 3)
        XCTAssertEqual(try provider.describe(clusterID: "other").count, 0)
    }

    func testSameClientTokenStartsNothingNew() throws {
        let (first, _) = try launch(2, token: "token-1")
        let (second, _) = try launch(2, token: "token-1")
        XCTAssertEqual(first.map(\.id), second.map(\.id))
        XCTAssertEqual(try provider.describe(clusterID: "c1").count, 2)
    }

    func testTerminateStopsDaemonsAndDeletesFolders() throws {
        let (instances, _) = try launch(2)
        let pids = instances.map { instance -> Int32 in
            let record = FileManager.default.contents(atPath: paths.localRoot + "/instances/\(instance.id)/instance.json")!
            let object = try! JSONSerialization.jsonObject(with: record) as! [String: Any]
            return (object["pid"] as! NSNumber).int32Value
        }
        XCTAssertTrue(pids.allSatisfy { ProcessTable.isAlive($0) })
        try provider.terminate(instanceIDs: instances.map(\.id))
        XCTAssertEqual(try provider.waitUntilTerminated(instanceIDs: instances.map(\.id), timeout: 5), [])
        XCTAssertTrue(pids.allSatisfy { !ProcessTable.isAlive($0) })
        for instance in instances {
            XCTAssertFalse(FileManager.default.fileExists(atPath: paths.localRoot + "/instances/\(instance.id)"))
        }
        XCTAssertThrowsError(try provider.describe(reservationIDs: [instances[0].reservationID], requireAll: true))
        try provider.deleteSecurityGroup(name: "c1", clusterID: "c1")
        try provider.deleteKeyPair(name: "c1", clusterID: "c1")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: paths.localRoot + "/keypairs"), [])
    }

    func testSecurityGroupInUseIsADependencyViolation() throws {
        _ = try launch(1)
        XCTAssertThrowsError(try provider.deleteSecurityGroup(name: "c1", clusterID: "c1")) { error in
            XCTAssertEqual(error as? LocalProviderError, .securityGroupInUse(name: "c1", nodes: 1))
        }
    }

    func testUnknownTypeAndReservation() throws {
        XCTAssertThrowsError(try provider.instanceType("z9.huge")) { error in
            guard case .unknownInstanceType("z9.huge", .local, "local", let known?)? = error as? ProviderError else { return XCTFail("\(error)") }
            XCTAssertTrue(known.contains("m3.medium"), "lists the known types: \(known)")
        }
        XCTAssertThrowsError(try provider.describe(reservationIDs: ["r-0000000000000000f", "r-1"], requireAll: true)) { error in
            XCTAssertEqual(
                error as? ProviderError, .unknownReservations(ids: ["r-0000000000000000f", "r-1"], provider: .local, region: "local", endpoint: nil))
        }
        XCTAssertEqual(try provider.describe(reservationIDs: ["r-0000000000000000f"], requireAll: false), [])
    }

    func testInventoryFactsNameWhatIsMissingOrDiffers() throws {
        let key = try KeyStore(paths: paths).ensureKey(named: "c1")
        let other = try KeyStore(paths: paths).ensureKey(named: "c2")
        try provider.ensureKeyPair(name: "c1", publicKey: key.publicLine, clusterID: "c1")
        XCTAssertThrowsError(try provider.ensureKeyPair(name: "c1", publicKey: other.publicLine, clusterID: "c1")) { error in
            XCTAssertEqual(error as? LocalProviderError, .keyPairDiffers(name: "c1"))
        }
        func launch(key: String, group: String) throws {
            _ = try provider.launch(LaunchRequest(clusterID: "c1", count: 1, type: "t2.micro", keyName: key, securityGroup: group, clientToken: "t"))
        }
        XCTAssertThrowsError(try launch(key: "c9", group: "c1")) { XCTAssertEqual($0 as? LocalProviderError, .noKeyPair(name: "c9")) }
        XCTAssertThrowsError(try launch(key: "c1", group: "g9")) { XCTAssertEqual($0 as? LocalProviderError, .noSecurityGroup(name: "g9")) }
        XCTAssertThrowsError(try provider.stop(instanceIDs: ["i-nope"])) {
            XCTAssertEqual($0 as? LocalProviderError, .unknownInstances(ids: ["i-nope"]))
        }
    }
}
