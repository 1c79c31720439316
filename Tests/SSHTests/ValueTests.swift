import Foundation
import SSH
import XCTest

final class ValueTests: XCTestCase {
    func testTargetDescription() {
        XCTAssertEqual(SSHTarget(host: "127.0.0.5", user: "root").description, "root@127.0.0.5:22")
        XCTAssertEqual(SSHTarget(host: "node", port: 2222, user: "ess").description, "ess@node:2222")
    }

    func testKnownHostsLine() {
        let key = HostKey(type: "ssh-ed25519", base64: "AAAAC3Nz", fingerprint: "SHA256:abc")
        XCTAssertEqual(key.knownHostsLine(host: "10.0.0.1", port: 22), "10.0.0.1 ssh-ed25519 AAAAC3Nz")
        XCTAssertEqual(key.knownHostsLine(host: "10.0.0.1", port: 2222), "[10.0.0.1]:2222 ssh-ed25519 AAAAC3Nz")
        XCTAssertTrue(key.matches(fingerprint: "SHA256:abc"))
        XCTAssertTrue(key.matches(fingerprint: "abc="))
        XCTAssertFalse(key.matches(fingerprint: "SHA256:abd"))
    }

    func testHostKeyCodableRoundTrip() throws {
        let key = HostKey(type: "ssh-ed25519", base64: "AAAA", fingerprint: "SHA256:x")
        XCTAssertEqual(try JSONDecoder().decode(HostKey.self, from: JSONEncoder().encode(key)), key)
    }

    func testErrorsAreFactsWithoutAdvice() {
        let refused = SSHError(kind: .connectionRefused, target: "root@127.0.0.5:22", detail: "")
        XCTAssertEqual(refused.description, "root@127.0.0.5:22 refused the connection")
        XCTAssertEqual(
            SSHError(kind: .disconnected, target: "root@n:22", detail: "socket closed").description, "root@n:22 closed the connection (socket closed)")
        XCTAssertTrue(refused.isTransient)
        let changed = SSHError(kind: .hostKeyMismatch(expected: "SHA256:a", actual: "SHA256:b"), target: "root@n:22", detail: "")
        XCTAssertTrue(changed.description.contains("changed from SHA256:a to SHA256:b"))
        XCTAssertFalse(changed.isTransient)
        let rejected = SSHError(kind: .authenticationFailed, target: "root@n:22", detail: "denied")
        XCTAssertEqual(rejected.description, "root@n:22 rejected the user and key (denied)")
        XCTAssertFalse(rejected.isTransient)
        for kind: SSHError.Kind in [.connectTimeout, .unreachable, .handshake, .disconnected] {
            XCTAssertTrue(SSHError(kind: kind, target: "t", detail: "").isTransient, "\(kind)")
        }
        for kind: SSHError.Kind in [.resolve, .channel, .timeout, .protocolError] {
            XCTAssertFalse(SSHError(kind: kind, target: "t", detail: "").isTransient, "\(kind)")
        }
    }
}
