import Foundation
import SSH
import TestSupport
import XCTest

final class ConnectErrorTests: XCTestCase {
    func testWrongKeyIsAuthenticationFailed() throws {
        let sshd = try TestSSHD()
        defer { sshd.stop() }
        let stranger = sshd.directory.appendingPathComponent("stranger").path
        try TestTool.generateKey(at: stranger, comment: "stranger")
        XCTAssertThrowsError(try SSHConnection(target: sshd.target, auth: .keyFile(stranger), hostKeyPolicy: .trustOnFirstUse)) { error in
            guard let error = error as? SSHError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.kind, .authenticationFailed)
            XCTAssertFalse(error.isTransient)
            XCTAssertEqual(error.target, sshd.target.description)
            XCTAssertTrue(error.detail.contains(stranger), "the detail names the key: \(error.detail)")
        }
    }

    func testMissingKeyFileIsAuthenticationFailed() throws {
        let sshd = try TestSSHD()
        defer { sshd.stop() }
        XCTAssertThrowsError(
            try SSHConnection(target: sshd.target, auth: .keyFile("/nonexistent/key"), hostKeyPolicy: .trustOnFirstUse)
        ) { error in
            XCTAssertEqual((error as? SSHError)?.kind, .authenticationFailed)
        }
    }

    func testNothingListeningIsRefusedAndTransient() throws {
        let (host, port) = try LoopbackPort.freeAddress()
        let target = SSHTarget(host: host, port: port, user: "root")
        XCTAssertThrowsError(try SSHConnection(target: target, auth: .keyFile("/nonexistent"), hostKeyPolicy: .trustOnFirstUse)) { error in
            guard let error = error as? SSHError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.kind, .connectionRefused)
            XCTAssertTrue(error.isTransient)
            XCTAssertEqual(error.target, "root@\(host):\(port)")
        }
    }

    func testSilentListenerTimesOutWithinBound() throws {
        let (host, port) = try LoopbackPort.freeAddress()
        let fd = try LoopbackPort.bound(host: host, port: port)
        defer { close(fd) }
        XCTAssertEqual(listen(fd, 16), 0)
        let target = SSHTarget(host: host, port: port, user: "root")
        let start = Date()
        XCTAssertThrowsError(
            try SSHConnection(
                target: target, auth: .keyFile("/nonexistent"), hostKeyPolicy: .trustOnFirstUse,
                options: SSHOptions(connectTimeout: 1))
        ) { error in
            guard let error = error as? SSHError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.kind, .connectTimeout)
            XCTAssertTrue(error.isTransient)
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
    }

    func testUnresolvableHost() throws {
        let target = SSHTarget(host: "no-such-host.invalid", port: 22, user: "root")
        XCTAssertThrowsError(
            try SSHConnection(target: target, auth: .agent(socket: nil), hostKeyPolicy: .trustOnFirstUse, options: SSHOptions(connectTimeout: 2))
        ) { error in
            XCTAssertEqual((error as? SSHError)?.kind, .resolve)
            XCTAssertEqual((error as? SSHError)?.isTransient, false)
        }
    }
}
