import ClusterModel

/// The slot runner: one long-lived command per worker slot that runs the slices sent to it one
/// at a time, so a slice costs the node one fork of a small shell instead of an SSH session, a
/// login shell and a shell (`RunnerFrames` reads what it writes).
extension WorkerScripts {
    /// What a runner does with a slice's output.
    enum RunnerOutput: String {
        /// Dropped (`output: none`).
        case none = "n"
        /// Kept in a file on the worker while the slice runs, sent after it exits 0.
        case stdout = "o"
        /// The file the slice wrote (relative to the folder) sent after it exits 0.
        case file = "f"
    }

    /// Starts a runner in the execution's folder with the synced software on its PATH. It reads
    /// one request per line (`request`); for each it starts a `/bin/sh` that leads a process group
    /// of its own (`setsid`), writes the start marker with that group's id (so the group exists
    /// before the master can end it) and runs the command with `eval` (its input empty, its
    /// error output in a file, no positional parameters; the shell variable `ess_command` holds
    /// its text). Then it writes the markers `RunnerFrames` reads, the output after the command
    /// exited 0, and the error tail only when it did not. It ends at the end of its input. Without `setsid` on
    /// the node it exits 97 before reading anything.
    func runner(token: String) -> String {
        let body = """
            T=$1; nl='
            '; e=.e$$; o=.o$$
            while IFS= read -r r; do
            eval "set -- $r"
            case $1 in o) w=$o ;; *) w=/dev/null ;; esac
            setsid /bin/sh -c 'printf "\\n%s s %s\\n" "$1" "$$" >&3; exec 3>&-; ess_command=$2; shift 2; eval "$ess_command"' sh "$T" "$2" 3>&1 </dev/null >"$w" 2>"$e" &
            wait "$!"; c=$?
            if [ "$c" -eq 0 ]; then case $1 in o) cat "$o" ;; f) cat -- "$3" 2>"$e" || c=$? ;; esac; fi
            printf '\\n%s o\\n' "$T"
            [ "$c" -eq 0 ] || tail -c 4096 "$e"
            printf '\\n%s x %s\\n' "$T" "$c"
            done
            """
        return "cd \(ShellQuote.quote(folder)) && PATH=\"$HOME/\(current)/bin:$HOME/\(current):$PATH\" && export PATH && { command -v setsid >/dev/null || exit 97; } && exec /bin/sh -c \(ShellQuote.quote(body)) ess-runner \(token)"
    }

    /// The exit code of a runner that found no `setsid` on the node.
    static let runnerUnsupported: Int32 = 97

    /// One request line for a runner: its words single-quoted, each newline written as `$nl`
    /// (the runner's own newline) so the request stays one line.
    static func request(_ command: String, output: RunnerOutput, file: String? = nil) -> String {
        let words = [output.rawValue, command] + (file.map { [$0] } ?? [])
        return words.map { ShellQuote.quote($0).replacingOccurrences(of: "\n", with: "'\"$nl\"'") }.joined(separator: " ") + "\n"
    }
}
