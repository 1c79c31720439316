import Foundation
import SSH
import TestSupport
import XCTest

/// The cipher and MAC a connection asks for, negotiated against real OpenSSH sshd, and data
/// moved exactly over what was agreed.
final class MethodPreferencesTests: XCTestCase {
    private var sshd: TestSSHD!

    override func setUpWithError() throws {
        sshd = try TestSSHD()
    }

    override func tearDown() {
        sshd?.stop()
        sshd = nil
    }

    private func connect(_ options: SSHOptions = SSHOptions()) throws -> SSHConnection {
        try SSHConnection(target: sshd.target, auth: .keyFile(sshd.userKey), hostKeyPolicy: .trustOnFirstUse, options: options)
    }

    func testTheDefaultIsAES128CTRWithHMACSHA256() throws {
        let connection = try connect()
        defer { connection.close() }
        XCTAssertEqual(connection.sendingAlgorithms.cipher, "aes128-ctr")
        XCTAssertEqual(connection.sendingAlgorithms.mac, "hmac-sha2-256")
        let input = Data(PseudoRandom.bytes(count: 3_000_000, seed: 19))
        XCTAssertEqual(try connection.exec("cat", stdin: input).stdout, input)
    }

    func testPreferredAlgorithmsGoFirst() throws {
        let connection = try connect(SSHOptions(preferredCiphers: ["aes256-ctr"], preferredMACs: ["hmac-sha1"]))
        defer { connection.close() }
        XCTAssertEqual(connection.sendingAlgorithms.cipher, "aes256-ctr")
        XCTAssertEqual(connection.sendingAlgorithms.mac, "hmac-sha1")
        let input = Data(PseudoRandom.bytes(count: 1_000_000, seed: 23))
        XCTAssertEqual(try connection.exec("cat", stdin: input).stdout, input)
    }

    func testAnAlgorithmThisLibraryLacksIsSkipped() throws {
        let connection = try connect(SSHOptions(preferredCiphers: ["no-such-cipher"], preferredMACs: ["umac-64@openssh.com"]))
        defer { connection.close() }
        XCTAssertEqual(connection.sendingAlgorithms.cipher, "aes128-ctr")
        XCTAssertEqual(connection.sendingAlgorithms.mac, "hmac-sha2-256")
    }
}
