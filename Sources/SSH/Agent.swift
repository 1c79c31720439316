import CLibSSH2

/// One LIBSSH2_AGENT: a connection to the ssh-agent on a given socket, made in a throwing init and freed only in deinit.
final class Agent {
    let pointer: OpaquePointer
    let session: Session
    private var identityCount = 0

    /// Connects to the agent listening on `socket` (never libssh2's own look at `SSH_AUTH_SOCK`)
    /// and fetches its identities.
    init(session: Session, socket: String) throws {
        guard let made = libssh2_agent_init(session.pointer) else {
            throw SSHError(kind: .authenticationFailed, target: session.target, detail: "libssh2 could not set up an agent handle")
        }
        pointer = made
        self.session = session
        libssh2_agent_set_identity_path(made, socket)
        try session.check(Int(libssh2_agent_connect(made)), .authentication)
        try session.check(Int(libssh2_agent_list_identities(made)), .authentication)
    }

    deinit {
        _ = libssh2_agent_disconnect(pointer)
        libssh2_agent_free(pointer)
    }

    /// Tries each identity in turn; returns how many were tried (0 when the agent holds none), throwing the last rejection.
    func authenticate(user: String, until deadline: Deadline) throws -> Int {
        var previous: UnsafeMutablePointer<libssh2_agent_publickey>?
        var tried = 0
        var rejection: SSHError?
        while true {
            var identity: UnsafeMutablePointer<libssh2_agent_publickey>?
            let code = try session.check(Int(libssh2_agent_get_identity(pointer, &identity, previous)), .authentication)
            guard code == 0, let identity else { break }
            tried += 1
            do {
                try session.perform(.authentication, until: deadline) { Int(libssh2_agent_userauth(pointer, user, identity)) }
                return tried
            } catch let error as SSHError where error.kind == .authenticationFailed {
                rejection = error
            }
            previous = identity
        }
        if let rejection { throw rejection }
        return tried
    }
}
