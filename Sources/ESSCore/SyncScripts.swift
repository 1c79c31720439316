import ClusterModel

/// The remote commands behind `ess cluster sync`, as POSIX shell (GNU `mv -T`, `sha256sum`, `tar`),
/// built here so that they can be checked without a node. Each runs in the login user's home; ROOT is
/// the install root relative to it.
///
/// On the node, ROOT holds `versions/<v>` (complete installs only), `current` and `previous`
/// (relative symlinks to them). A version is unpacked into `versions/<v>.tmp`, renamed to
/// `versions/<v>`, and only then does `current` change, by renaming a new link over it; so an
/// interruption at any point leaves the old version in use.
public enum SyncScripts {
    /// Prints `current=<installed version>` and, if `versions/<wanted>` is complete, `have=yes`.
    public static func check(root: String, wanted: String) -> String {
        let root = ShellQuote.quote(root), wanted = ShellQuote.quote(wanted)
        return #"cd; echo "current=$(head -n 1 \#(root)/current/VERSION 2>/dev/null)"; [ -f \#(root)/versions/\#(wanted)/VERSION ] && echo have=yes; true"#
    }

    /// Receives the package (tar+gzip) on stdin, checks its sha256, unpacks it as `versions/<v>`, switches `current`.
    public static func install(root: String, version: String, sha256: String) -> String {
        [
            prologue(root: root, version: version, create: true),
            #"t="versions/$v.tmp"; in="versions/.incoming-$v""#,
            #"cat > "$in""#,
            #"if ! echo "\#(sha256)  $in" | sha256sum -c --status; then rm -f "$in"; echo "ess-sync: the package arrived damaged or cut short (sha256 mismatch); nothing changed, run sync again" >&2; exit 3; fi"#,
            #"rm -rf "$t"; mkdir "$t""#,
            #"tar -xzf "$in" -C "$t" --no-same-owner; rm -f "$in""#,
            #"printf '%s\n' "$v" > "$t/VERSION""#,
            #"rm -rf "versions/$v"; mv "$t" "versions/$v""#,
            #"switch "versions/$v""#,
            #"echo "\#(installedMarker)$v""#,
        ].joined(separator: "\n")
    }

    /// Makes the already complete `versions/<v>` current (after a rollback, say), shipping nothing.
    public static func switchTo(root: String, version: String) -> String {
        [
            prologue(root: root, version: version, create: false),
            #"[ -f "versions/$v/VERSION" ] || { echo "ess-sync: versions/$v is not complete on this node" >&2; exit 4; }"#,
            #"switch "versions/$v""#,
            #"echo "\#(installedMarker)$v""#,
        ].joined(separator: "\n")
    }

    /// Makes `previous` current again, and the current version `previous` (so a second rollback undoes the first).
    public static func rollback(root: String) -> String {
        [
            prologue(root: root, version: nil, create: false),
            #"p=$(readlink previous 2>/dev/null) || { echo "ess-sync: no previous version to roll back to on this node" >&2; exit 4; }"#,
            #"[ -f "$p/VERSION" ] || { echo "ess-sync: the previous version ($p) is gone from this node" >&2; exit 4; }"#,
            #"switch "$p""#,
            #"echo "\#(installedMarker)$(head -n 1 current/VERSION)""#,
        ].joined(separator: "\n")
    }

    /// The line every script ends with on success, followed by the version now current.
    public static let installedMarker = "ess-sync: current "

    /// The version a script's output says is now current, if it got that far.
    public static func currentVersion(in output: String) -> String? {
        output.split(separator: "\n").last(where: { $0.hasPrefix(installedMarker) })
            .map { String($0.dropFirst(installedMarker.count).prefix(64)) }
    }

    /// `set -e`, into ROOT, and `switch TARGET`: keep what `current` pointed at as `previous`, then
    /// rename a new link over `current` (atomic: readers see the old or the new version, never none).
    static func prologue(root: String, version: String?, create: Bool) -> String {
        let quoted = ShellQuote.quote(root)
        let enter = create
            ? "cd; umask 022; mkdir -p \(quoted)/versions; cd \(quoted)"
            : #"cd; cd \#(quoted) 2>/dev/null || { echo "ess-sync: nothing is installed under ~/\#(root) on this node" >&2; exit 4; }"#
        let lines = [
            "set -e",
            enter,
            version.map { "v=\(ShellQuote.quote($0))" } ?? ":",
            #"switch() { old=$(readlink current 2>/dev/null || true); if [ -n "$old" ] && [ "$old" != "$1" ]; then ln -sfn "$old" previous.new; mv -T previous.new previous; fi; ln -sfn "$1" current.new; mv -T current.new current; }"#,
        ]
        return lines.joined(separator: "\n")
    }
}
