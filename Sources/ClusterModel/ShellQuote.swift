/// Quoting for the POSIX shell that runs a remote command.
public enum ShellQuote {
    /// `value` as one single-quoted shell word: `it's` becomes `'it'\''s'`.
    public static func quote(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
}
