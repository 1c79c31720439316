import CLibSSH2
import Foundation

extension Session {
    /// Logs in as `user` with a key file or the agent's identities; throws `.authenticationFailed` naming what was tried.
    func authenticate(user: String, auth: SSHAuth, until deadline: Deadline) throws {
        switch auth {
        case .keyFile(let path):
            try authenticate(user: user, keyFile: path, until: deadline)
        case .agent(let socket):
            try authenticateWithAgent(user: user, socket: socket, until: deadline)
        }
    }

    private func authenticate(user: String, keyFile path: String, until deadline: Deadline) throws {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw SSHError(kind: .authenticationFailed, target: target, detail: "cannot read the key file \(path)")
        }
        let length = UInt32(user.utf8.count)
        do {
            try perform(.authentication, until: deadline) {
                Int(ess_libssh2_userauth_publickey_fromfile(pointer, user, length, path, ""))
            }
        } catch var error as SSHError where error.kind == .authenticationFailed {
            error.detail = "key \(path): \(error.detail)"
            throw error
        }
    }

    private func authenticateWithAgent(user: String, socket: String?, until deadline: Deadline) throws {
        guard let socket, !socket.isEmpty else {
            throw SSHError(
                kind: .authenticationFailed, target: target,
                detail: "SSH_AUTH_SOCK is not set, so there is no agent to ask; start ssh-agent and ssh-add the key")
        }
        do {
            let agent = try Agent(session: self, socket: socket)
            if try agent.authenticate(user: user, until: deadline) == 0 {
                throw SSHError(
                    kind: .authenticationFailed, target: target, detail: "the agent at \(socket) holds no keys; ssh-add one")
            }
        } catch var error as SSHError where error.kind == .authenticationFailed {
            if !error.detail.contains("agent") { error.detail = "agent at \(socket): \(error.detail)" }
            throw error
        }
    }
}
