import ClusterModel

/// The remote commands behind `put` and `get`, built here so that they can be checked without a node.
///
/// Remote paths are relative to the login user's home (as with scp), or absolute.
public enum TransferCommands {
    /// Receives `size` bytes on stdin into REMOTE (into REMOTE/NAME when REMOTE is a folder or ends in `/`),
    /// through a `.ess-part` file renamed into place only once the size is right, so a cut transfer never
    /// leaves a short file under the real name.
    public static func put(remote: String, name: String, size: Int) -> String {
        let path = ShellQuote.quote(remote)
        let file = ShellQuote.quote(name)
        return [
            "p=\(path)",
            #"case "$p" in */) mkdir -p "$p" && p="$p"\#(file) ;; *) if [ -d "$p" ]; then p="$p"/\#(file); fi ;; esac"#,
            #"cat > "$p.ess-part" || exit 1"#,
            #"n=$(wc -c < "$p.ess-part")"#,
            #"if [ "$n" -ne \#(size) ]; then rm -f "$p.ess-part"; echo "received $n of \#(size) bytes" >&2; exit 3; fi"#,
            #"mv -f "$p.ess-part" "$p""#,
        ].joined(separator: "; ")
    }

    /// Writes REMOTE to stdout, or fails with the shell's reason (no such file, a folder, no permission).
    public static func get(remote: String) -> String {
        let path = ShellQuote.quote(remote)
        let complaint = ShellQuote.quote("\(remote) is a folder; get takes one file")
        return "if [ -d \(path) ]; then echo \(complaint) >&2; exit 2; fi; exec cat -- \(path)"
    }
}
