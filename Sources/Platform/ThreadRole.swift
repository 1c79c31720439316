import CPlatform

/// What one of our threads is, told to the kernel from inside it.
public enum ThreadRole {
    /// Names the calling thread as `top -H`, `ps -L` and /proc show it (the kernel keeps 15
    /// bytes). Foundation's `Thread.name` does not reach the kernel here: without this, a
    /// thread shows the name of the thread that started it.
    public static func name(_ name: String) {
        _ = ess_thread_set_name(name)
    }
}
