import ClusterModel

/// The slot runner: one long-lived command per worker slot that runs the slices sent to it one
/// at a time, so a slice costs the node one fork of its shell instead of an SSH session, a login
/// shell and a shell (`RunnerFrames` reads what it writes).
extension WorkerScripts {
    /// What a runner does with a slice's output.
    enum RunnerOutput: String {
        /// Dropped (`output: none`).
        case none = "n"
        /// Streamed to the master as the command writes it, between the start marker and the
        /// output marker (the master keeps it only if the slice completes).
        case stdout = "o"
        /// The file the slice wrote (relative to the folder) sent after it exits 0.
        case file = "f"
    }

    /// Starts a runner in `.ess/run` (made if missing) with the synced software on its PATH, as
    /// the program `/bin/sh` names. A runner belongs to the connection, not to an execution: it
    /// is kept with the connection between executions, and each request names the execution's
    /// folder. sshd makes it a session and process group leader; its slices run in that group,
    /// so a slice costs the node one fork and nothing more. It reads one request per line
    /// (`request`); it answers a ping (`p`, `RunnerPing`) with an exit marker at once, starting
    /// nothing; for each slice it changes to the request's folder (making it, with `out/`, the first
    /// time: one `mkdir` per execution and runner at most), writes the slice's tag over the
    /// fixed-width `.s<pid>` (in place: no truncation, so no writeback per slice) and runs the
    /// command in a subshell with `eval` (its input empty, its error output appended to
    /// `.e<pid>`, no positional parameters). The subshell itself writes the start marker with the
    /// group's id (the runner's pid, which `$$` keeps in a subshell) before the command, so none
    /// of the command's output can come before it; a folder that could not be made fails the
    /// slice with `mkdir`'s words. With `o` the output follows on the runner's own standard
    /// output, otherwise it is dropped. The runner waits, blanks the tag, and writes the markers
    /// `RunnerFrames` reads: for `f` the file after the command exited 0; the output and exit
    /// markers in one write on success, the error tail between them otherwise; the error file is
    /// emptied only when something was written to it. TERM to the group ends the slice, not the
    /// runner (it traps TERM; the slice's subshell does not inherit the trap); KILL ends both. It
    /// ends at the end of its input.
    static func runner(token: String, current: String) -> String {
        let body = """
            T=$1; nl='
            '; e=$PWD/.e$$; s=$PWD/.s$$; trap : TERM
            : >"$e"
            while IFS= read -r r; do
            eval "set -- $r"
            if [ "$1" = p ]; then printf '\n%s x 0\n' "$T"; continue; fi
            { cd "$HOME/$3" 2>/dev/null || { mkdir -p -- "$HOME/$3/out" && cd "$HOME/$3"; }; } 2>>"$e"; k=$?
            printf '%-\(Self.tagWidth)s\n' "$2" 1<>"$s"
            (m=$1; c=$4; set --; printf '\n%s s %s\n' "$T" "$$"; [ "$k" -eq 0 ] || exit 1; [ "$m" = o ] || exec >/dev/null; eval "$c") </dev/null 2>>"$e" &
            p=$!
            while :; do wait "$p"; c=$?; kill -0 "$p" 2>/dev/null || break; done
            printf '%-\(Self.tagWidth)s\n' - 1<>"$s"
            if [ "$c" -eq 0 ] && [ "$1" = f ]; then cat -- "$5" 2>>"$e" || c=$?; fi
            if [ "$c" -eq 0 ]; then printf '\n%s o\n\n%s x 0\n' "$T" "$T"
            else printf '\n%s o\n' "$T"; tail -c 4096 "$e"; printf '\n%s x %s\n' "$T" "$c"; fi
            if [ -s "$e" ]; then : >"$e"; fi
            done
            """
        let home = ShellQuote.quote(Self.runnerFolder)
        return "mkdir -p \(home) && cd \(home) && PATH=\"$HOME/\(current)/bin:$HOME/\(current):$PATH\" && export PATH && exec /bin/sh -c \(ShellQuote.quote(body)) ess-runner \(token)"
    }

    /// Where runners keep their tag and error files, relative to the home.
    public static let runnerFolder = ".ess/run"

    /// The width of the tag field in a runner's `.s<pid>` (a tag is `<index>-<u32>`: at most 30).
    static let tagWidth = 40

    /// Signals a runner's group (TERM, or KILL when `force`) only while it runs the slice
    /// tagged `tag` (its tag file's first word): a slice that just ended must not take the
    /// next one with it.
    static func end(runner group: Int32, tag: String, force: Bool) -> String {
        "cd \(ShellQuote.quote(runnerFolder)) && t=$(cat .s\(group) 2>/dev/null) && [ \"${t%% *}\" = \(ShellQuote.quote(tag)) ] && kill -s \(force ? "KILL" : "TERM") -- -\(group) 2>/dev/null; true"
    }

    /// One request line for a runner: its words single-quoted, each newline written as `$nl`
    /// (the runner's own newline) so the request stays one line; `folder` is the execution's,
    /// relative to the home.
    static func request(_ command: String, tag: String, folder: String, output: RunnerOutput, file: String? = nil) -> String {
        let words = [output.rawValue, tag, folder, command] + (file.map { [$0] } ?? [])
        return words.map { ShellQuote.quote($0).replacingOccurrences(of: "\n", with: "'\"$nl\"'") }.joined(separator: " ") + "\n"
    }
}
