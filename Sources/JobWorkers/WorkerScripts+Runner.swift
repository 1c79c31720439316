import ClusterModel

/// The slot runner: one long-lived command per worker slot that runs the slices sent to it one
/// at a time, so a slice costs the node one fork of its shell instead of an SSH session, a login
/// shell and a shell (`RunnerFrames` reads what it writes).
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

    /// Starts a runner in the execution's folder with the synced software on its PATH, as the
    /// program `/bin/sh` names. sshd makes it a session and process group leader; its slices run
    /// in that group, so a slice costs the node one fork and nothing more. It reads one request
    /// per line (`request`); for each it notes the slice's tag in `.s<pid>`, runs the command in
    /// a subshell with `eval` (its input empty, its error output in a file, no positional
    /// parameters), writes the start marker with the group's id (its own pid), waits, clears the
    /// tag, and writes the markers `RunnerFrames` reads: the output after the command exited 0,
    /// and the error tail only when it did not. TERM to the group ends the slice, not the runner
    /// (it traps TERM; the slice's subshell does not inherit the trap); KILL ends both. It ends
    /// at the end of its input.
    func runner(token: String) -> String {
        let body = """
            T=$1; nl='
            '; e=.e$$; o=.o$$; s=.s$$; trap : TERM
            while IFS= read -r r; do
            eval "set -- $r"
            case $1 in o) w=$o ;; *) w=/dev/null ;; esac
            printf '%s' "$2" >"$s"
            (c=$3; set --; eval "$c") </dev/null >"$w" 2>"$e" &
            p=$!
            printf '\n%s s %s\n' "$T" "$$"
            while :; do wait "$p"; c=$?; kill -0 "$p" 2>/dev/null || break; done
            : >"$s"
            if [ "$c" -eq 0 ]; then case $1 in o) cat "$o" ;; f) cat -- "$4" 2>"$e" || c=$? ;; esac; fi
            printf '\n%s o\n' "$T"
            [ "$c" -eq 0 ] || tail -c 4096 "$e"
            printf '\n%s x %s\n' "$T" "$c"
            done
            """
        return "cd \(ShellQuote.quote(folder)) && PATH=\"$HOME/\(current)/bin:$HOME/\(current):$PATH\" && export PATH && exec /bin/sh -c \(ShellQuote.quote(body)) ess-runner \(token)"
    }

    /// Signals a runner's group (TERM, or KILL when `force`) only while it runs the slice
    /// tagged `tag`: a slice that just ended must not take the next one with it.
    func end(runner group: Int32, tag: String, force: Bool) -> String {
        "cd \(ShellQuote.quote(folder)) && [ \"$(cat .s\(group) 2>/dev/null)\" = \(ShellQuote.quote(tag)) ] && kill -s \(force ? "KILL" : "TERM") -- -\(group) 2>/dev/null; true"
    }

    /// One request line for a runner: its words single-quoted, each newline written as `$nl`
    /// (the runner's own newline) so the request stays one line.
    static func request(_ command: String, tag: String, output: RunnerOutput, file: String? = nil) -> String {
        let words = [output.rawValue, tag, command] + (file.map { [$0] } ?? [])
        return words.map { ShellQuote.quote($0).replacingOccurrences(of: "\n", with: "'\"$nl\"'") }.joined(separator: " ") + "\n"
    }
}
