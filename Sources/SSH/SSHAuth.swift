/// How to prove who we are to the node.
public enum SSHAuth: Sendable, Equatable {
    /// Path to an OpenSSH-format private key without a passphrase (use ed25519; libssh2 1.10 signs RSA with SHA-1 only).
    case keyFile(String)
    /// The ssh-agent listening on `socket` (the caller's `SSH_AUTH_SOCK`; nil or empty: there is
    /// none); each of its identities is tried in turn.
    case agent(socket: String?)
}
