import ClusterModel
import Foundation
import Jobs

/// Slices that fetch their input from S3 or put their output there themselves
/// (`SliceRun.fetches`, `SliceRun.upload`): the slice's command wrapped in POSIX shell text that
/// runs `curl`, in the slice's process group like any command (ending the group ends curl too).
///
/// The presigned URLs are secrets. They never reach a process's arguments: each goes to curl as
/// a config on its standard input (`curl -K -`, written by the shell's builtin `printf`), and the
/// shell text itself carries none of them. They travel as the text's positional parameters
/// (`ObjectSlice.parameters`), set from a slot runner's request line (read from its standard
/// input) or from the first line of a channel's standard input. curl runs silent (`-s`): no
/// message of its own, which could name the endpoint, reaches the slice's error output. A
/// throttled or unavailable answer (`SlowDown`, HTTP 503 and the other transient statuses) is
/// tried again by curl itself (`--retry 3`: 1, 2, 4 s): with `-f` no byte of an error answer
/// reaches the command, so a GET tried again cannot feed it anything twice.
extension WorkerScripts {
    /// A slice's command wrapped to fetch and put its objects.
    struct ObjectSlice: Equatable {
        /// The shell text; it takes the secrets as its positional parameters.
        var text: String
        /// Shell words, on one line, that are its positional parameters: with an upload, its
        /// curl config, its name and its `maxBytes`; then for each fetch its curl config, its name
        /// and its range's config line (empty: the whole object).
        var parameters: String

        /// For a slot runner's request (which no process has among its arguments): the
        /// parameters set, then the text.
        var inline: String { "set -- \(parameters)\n\(text)" }

        /// For a channel of its own, whose command the node's shells hold among their
        /// arguments: the text reads its parameters from the first line of its standard input
        /// (`inputLine`, one byte at a time, so what follows is the command's).
        var reading: String { "IFS= read -r ess_p || exit 1; eval \"set -- $ess_p\"; unset -v ess_p\n\(text)" }

        /// The first line of the channel's standard input for `reading`.
        var inputLine: Data { Data((parameters + "\n").utf8) }
    }

    /// `run`'s command wrapped to fetch its objects into its standard input and put its standard
    /// output; nil when it has neither fetches nor an upload. `run.stdin` is not its input then.
    ///
    /// Fetches stream in order into the command's input (ranges exactly, empty ones skipped). A
    /// fetch that fails (an HTTP error, a connection cut, a short body) fails the slice even when
    /// the command exits 0, with one line on standard error naming the object, S3's error code
    /// (read from the body of one more 1-byte request) and the HTTP status; a command that stops
    /// reading early (curl's write error, exit 23) leaves the rest unfetched and is no failure.
    /// The fetching side's status comes back through a command substitution on fd 3 (dash has no
    /// `pipefail`). With an upload the command's output goes to a file in the execution's folder;
    /// after it exits 0 an output over `maxBytes` fails the slice with one sentence and nothing is
    /// put, else `curl -T` puts it (its length known), a failed put failing the slice with S3's
    /// code and the HTTP status. The file is removed whatever happens but a KILL (a TERM runs its
    /// trap). The command runs without the parameters and the runner's request variables.
    static func objectSlice(_ run: SliceRun) -> ObjectSlice? {
        guard !run.fetches.isEmpty || run.upload != nil else { return nil }
        var words: [String] = []
        if let upload = run.upload {
            words += [curlConfig(url: upload.url), printable(upload.name), String(upload.maxBytes)]
        }
        for fetch in run.fetches where fetch.length != 0 {
            words += [curlConfig(url: fetch.url)] + rangeWords(fetch)
        }
        let command = "set --; unset -v ess_u r c; eval \(ShellQuote.quote(run.command))"
        var lines = [objectFunctions]
        if run.upload != nil {
            lines += [
                "ess_u=$1 ess_n=$2 ess_m=$3; shift 3; ess_o=.ess-put-\(run.index)-$$",
                "trap 'rm -f -- \"$ess_o\"; exit 143' TERM",
            ]
        }
        let output = run.upload == nil ? ">&4 4>&-" : ">\"$ess_o\""
        if run.fetches.isEmpty {
            lines.append("(\(command)) \(output); ess_c=$?; ess_s=0")
        } else {
            let pipeline = "{ ess_s=$( { { ess_get \"$@\"; echo $? >&3; } | { \(command); } \(output) 3>&-; } 3>&1 ); ess_c=$?; }"
            lines.append(run.upload == nil ? pipeline + " 4>&1" : pipeline)
        }
        lines.append("if [ \"$ess_s\" != 0 ]; then [ \"$ess_c\" -ne 0 ] || ess_c=1")
        if run.upload != nil {
            lines += [
                "elif [ \"$ess_c\" -eq 0 ]; then ess_put || ess_c=1",
                "fi",
                "rm -f -- \"$ess_o\"",
            ]
        } else {
            lines.append("fi")
        }
        lines.append("exit \"$ess_c\"")
        return ObjectSlice(text: lines.joined(separator: "\n"), parameters: words.map(ShellQuote.quote).joined(separator: " "))
    }

    /// A fetch's name for messages and its range's curl config line (empty: the whole object).
    private static func rangeWords(_ fetch: ObjectFetch) -> [String] {
        let name = printable(fetch.name)
        guard let length = fetch.length else {
            guard fetch.offset > 0 else { return [name, ""] }
            return ["bytes \(fetch.offset)- of \(name)", "range = \"\(fetch.offset)-\""]
        }
        let bytes = "\(fetch.offset)-\(fetch.offset + length - 1)"
        return ["bytes \(bytes) of \(name)", "range = \"\(bytes)\""]
    }

    /// A curl config line giving `url`, in double quotes with curl's escapes.
    static func curlConfig(url: String) -> String {
        var escaped = ""
        for character in url.unicodeScalars {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return "url = \"\(escaped)\""
    }

    /// A name for messages on one line: control characters (an S3 key may hold them) as `?`.
    private static func printable(_ name: String) -> String {
        String(String.UnicodeScalarView(name.unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : $0 }))
    }

    /// The wrapper's functions. `ess_get` fetches its parameters' objects in order to standard
    /// output (curl's own output to fd 5, its `-w` status to the substitution) and returns 0,
    /// or 1 after its one line on standard error; `ess_put` checks the output's size and puts it;
    /// `ess_code` words an S3 error body with its status; `ess_why` a curl exit code.
    static let objectFunctions = """
        ess_code() { ess_e=${1#*<Code>}; if [ "$ess_e" = "$1" ]; then echo "HTTP $2"; else echo "${ess_e%%</Code>*} (HTTP $2)"; fi; }
        ess_why() { case $1 in
        6) echo "could not resolve the endpoint's host (curl exit 6)" ;;
        7) echo "could not connect to the endpoint (curl exit 7)" ;;
        18) echo "the connection closed before the whole body came (curl exit 18)" ;;
        28) echo "the transfer timed out (curl exit 28)" ;;
        52) echo "the endpoint closed the connection without an answer (curl exit 52)" ;;
        55|56) echo "the connection failed mid-transfer (curl exit $1)" ;;
        127) echo "this worker has no curl" ;;
        *) echo "curl exit $1" ;;
        esac; }
        ess_get() { while [ $# -gt 0 ]; do
        { ess_w=$(printf '%s\\n' "$1" "$3" | curl -sfg --retry 3 --path-as-is -K - -w '%{stderr}%{http_code}' 2>&1 >&5 5>&-); ess_f=$?; } 5>&1
        case $ess_f in
        0) shift 3; continue ;;
        23|141) return 0 ;;
        22) ess_w=$(ess_code "$(printf '%s\\n' "$1" 'range = "0-0"' | curl -sg --path-as-is -K - 2>/dev/null)" "$ess_w") ;;
        *) ess_w=$(ess_why "$ess_f") ;;
        esac
        echo "ess: cannot fetch $2: $ess_w" >&2; return 1
        done; }
        ess_put() { ess_z=$(wc -c <"$ess_o") && ess_z=$((ess_z)) || return 1
        if [ "$ess_z" -gt "$ess_m" ]; then
        echo "ess: the slice's output is $ess_z bytes, more than the $ess_m bytes one upload may hold (S3's single PUT limit is 5 GiB), so nothing was put to $ess_n" >&2; return 1
        fi
        ess_h=$(printf '%s\\n' "$ess_u" | curl -sg --retry 3 --path-as-is -H 'Expect:' -T "$ess_o" -K - -w ' %{http_code}'); ess_f=$?
        if [ "$ess_f" -ne 0 ]; then ess_w=$(ess_why "$ess_f")
        else case ${ess_h##* } in 2??) return 0 ;; esac; ess_w=$(ess_code "${ess_h% *}" "${ess_h##* }"); fi
        echo "ess: cannot put the slice's output to $ess_n: $ess_w" >&2; return 1; }
        """
}

/// Whether a worker can fetch and put objects: `curl` on the PATH its slices get.
extension WorkerScripts {
    /// Exits `noCurlExit` when `curl` is not on the slices' PATH (the synced software's folders
    /// first); starts nothing on the node (`command -v` is a builtin) but a subshell.
    var curlCheck: String {
        "{ (PATH=\"$HOME/\(current)/bin:$HOME/\(current):$PATH\"; command -v curl) >/dev/null 2>&1 || exit \(Self.noCurlExit); }"
    }

    /// `prepare`, checking for `curl` first when `checkingCurl` (nothing is made on a node without it).
    func prepare(checkingCurl: Bool) -> String {
        checkingCurl ? "\(curlCheck) && \(prepare)" : prepare
    }

    /// `makeFolder`, checking for `curl` first when `checkingCurl`.
    func makeFolder(checkingCurl: Bool) -> String {
        checkingCurl ? "\(curlCheck) && \(makeFolder)" : makeFolder
    }

    /// A slot runner's request that runs `curlCheck` (from the home: nothing is made).
    var curlCheckRequest: String {
        Self.request(curlCheck, tag: "curl-0", folder: ".", output: .none)
    }

    /// The exit code of `curlCheck` on a node without curl.
    static let noCurlExit: Int32 = 97

    /// Why a node without curl is not used by an execution that reads or writes S3.
    static let noCurlReason = "has no curl; install curl there: workers fetch and put S3 objects themselves"
}
