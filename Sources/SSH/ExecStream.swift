/// One of a remote command's two output streams.
public enum ExecStream: Sendable, Hashable {
    case stdout
    case stderr
}
