/// What host key the node must present before anything is sent to it.
public enum HostKeyPolicy: Sendable, Equatable {
    /// The node must present exactly this key, given as `SHA256:…` the way `ssh-keygen -lf` prints it.
    case pinned(fingerprint: String)
    /// Accept whatever key the node presents; the caller records `SSHConnection.hostKey` to pin it next time.
    case trustOnFirstUse
}
