import Foundation
import SSH
import TestSupport
import XCTest

final class AgentTests: XCTestCase {
    func testAgentIdentityAuthenticates() throws {
        let sshd = try TestSSHD()
        defer { sshd.stop() }
        let socket = sshd.directory.appendingPathComponent("agent.sock").path
        let agent = try Daemon("/usr/bin/ssh-agent", ["-D", "-a", socket])
        defer { agent.stop() }
        _ = eventually(within: 5) { FileManager.default.fileExists(atPath: socket) }

        // A key the server does not know first, so the agent path must move on to the next identity.
        let stranger = sshd.directory.appendingPathComponent("stranger").path
        try TestTool.generateKey(at: stranger, comment: "stranger")
        try TestTool.run("/usr/bin/ssh-add", ["-q", stranger], environment: ["SSH_AUTH_SOCK": socket])
        try TestTool.run("/usr/bin/ssh-add", ["-q", sshd.userKey], environment: ["SSH_AUTH_SOCK": socket])

        // The socket is given; this process's environment, pointing elsewhere, is never read.
        let previous = ProcessInfo.processInfo.environment["SSH_AUTH_SOCK"]
        setenv("SSH_AUTH_SOCK", sshd.directory.appendingPathComponent("no-agent.sock").path, 1)
        defer {
            if let previous { setenv("SSH_AUTH_SOCK", previous, 1) } else { unsetenv("SSH_AUTH_SOCK") }
        }
        let connection = try SSHConnection(target: sshd.target, auth: .agent(socket: socket), hostKeyPolicy: .trustOnFirstUse)
        defer { connection.close() }
        XCTAssertEqual(try connection.exec("echo via-agent").stdoutText, "via-agent\n")
    }

    func testNoAgentSocketIsAnAuthenticationFailure() throws {
        let sshd = try TestSSHD()
        defer { sshd.stop() }
        XCTAssertThrowsError(try SSHConnection(target: sshd.target, auth: .agent(socket: nil), hostKeyPolicy: .trustOnFirstUse)) { error in
            guard let error = error as? SSHError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.kind, .authenticationFailed)
            XCTAssertTrue(error.detail.contains("SSH_AUTH_SOCK is not set"), error.detail)
        }
    }
}
