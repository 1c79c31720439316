import Foundation
import SSH
import TestSupport
import XCTest

final class HostKeyTests: XCTestCase {
    private var sshd: TestSSHD!

    override func setUpWithError() throws { sshd = try TestSSHD() }

    override func tearDown() {
        sshd?.stop()
        sshd = nil
    }

    func testHostKeyMatchesSSHKeygen() throws {
        let connection = try SSHConnection(target: sshd.target, auth: .keyFile(sshd.userKey), hostKeyPolicy: .trustOnFirstUse)
        defer { connection.close() }
        let publicLine = try String(contentsOfFile: sshd.hostKeyPublic, encoding: .utf8).split(separator: " ")
        XCTAssertEqual(connection.hostKey.fingerprint, try TestTool.fingerprint(ofPublicKey: sshd.hostKeyPublic))
        XCTAssertEqual(connection.hostKey.type, "ssh-ed25519")
        XCTAssertEqual(connection.hostKey.base64, String(publicLine[1]))
        XCTAssertEqual(
            connection.hostKey.knownHostsLine(host: sshd.host, port: sshd.port),
            "[\(sshd.host)]:\(sshd.port) ssh-ed25519 \(publicLine[1])")
    }

    func testPinnedRightFingerprintConnects() throws {
        let pin = try TestTool.fingerprint(ofPublicKey: sshd.hostKeyPublic)
        let connection = try SSHConnection(target: sshd.target, auth: .keyFile(sshd.userKey), hostKeyPolicy: .pinned(fingerprint: pin))
        defer { connection.close() }
        XCTAssertEqual(try connection.exec("touch \"$HOME/ran\" && echo ok").stdoutText, "ok\n")
        XCTAssertTrue(FileManager.default.fileExists(atPath: sshd.home.appendingPathComponent("ran").path))
    }

    func testPinnedWrongFingerprintSendsNothing() throws {
        let wrong = try TestTool.fingerprint(ofPublicKey: sshd.userKey + ".pub")
        let actual = try TestTool.fingerprint(ofPublicKey: sshd.hostKeyPublic)
        let marker = sshd.home.appendingPathComponent("pwned")
        XCTAssertThrowsError(
            try SSHConnection(target: sshd.target, auth: .keyFile(sshd.userKey), hostKeyPolicy: .pinned(fingerprint: wrong))
                .exec("touch \"$HOME/pwned\"")
        ) { error in
            guard let error = error as? SSHError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.kind, .hostKeyMismatch(expected: wrong, actual: actual))
            XCTAssertFalse(error.isTransient)
            XCTAssertTrue(error.description.contains("nothing was sent"), error.description)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: marker.path))
    }
}
