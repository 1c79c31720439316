import ESSCore
import Foundation

/// Shows what a fan-out command did on each node, and turns failures into a summary and an exit code.
enum FanOutRenderer {
    /// Identical outputs once, under the list of nodes that printed them (like `clush -b`).
    static func showGrouped(_ outcomes: [NodeOutcome]) {
        var out = ""
        for group in OutputGrouping.group(outcomes) {
            let rule = String(repeating: "-", count: 15)
            out += "\(rule)\n\(group.nodeIDs.joined(separator: ",")) (\(group.nodeIDs.count))\n\(rule)\n"
            out += text(group.stdout)
            if !group.stderr.isEmpty { out += "[stderr]\n" + text(group.stderr) }
        }
        write(out, to: .standardOutput)
    }

    /// One line per node saying what happened (put, get, sync).
    static func showSummaries(_ outcomes: [NodeOutcome], success: String) {
        var out = ""
        for outcome in outcomes where !outcome.failed {
            out += "\(outcome.nodeID): \(outcome.summary ?? success)\n"
        }
        write(out, to: .standardOutput)
    }

    static func showJSON(_ outcomes: [NodeOutcome], command: String, version: String? = nil, group: Bool = false) throws {
        try JSONOutput.print(FanOutDocument(outcomes, command: command, version: version, group: group))
    }

    /// Shows a transfer's outcomes (JSON, or one line per node that succeeded), then `finish`es.
    static func conclude(_ outcomes: [NodeOutcome], verb: String, json: Bool, success: String) throws {
        if json {
            try showJSON(outcomes, command: verb)
        } else {
            showSummaries(outcomes, success: success)
        }
        try finish(outcomes, verb: verb)
    }

    /// Lists each failed node with its reason on stderr and throws the one-line error that sets the exit
    /// code: 69 when every failed node could not be reached at all, 1 otherwise.
    static func finish(_ outcomes: [NodeOutcome], verb: String) throws {
        let failed = outcomes.filter(\.failed)
        guard !failed.isEmpty else { return }
        var err = ""
        for outcome in failed { err += "ess: \(verb) failed on \(outcome.nodeID): \(outcome.reason)\n" }
        write(err, to: .standardError)
        let unreachable = failed.allSatisfy(\.unreachable)
        let ids = failed.map(\.nodeID)
        throw ESSError(
            unreachable ? .unavailable : .failure,
            "\(verb) failed on \(failed.count) of \(outcomes.count) nodes (\(ids.joined(separator: " "))); fix them and rerun, e.g. with --nodes \(ids.joined(separator: ","))")
    }

    /// UTF-8 text ending with a newline.
    static func text(_ data: Data) -> String {
        let text = String(decoding: data, as: UTF8.self)
        return text.isEmpty || text.hasSuffix("\n") ? text : text + "\n"
    }

    static func write(_ text: String, to handle: FileHandle) {
        guard !text.isEmpty else { return }
        handle.write(Data(text.utf8))
    }
}

/// `--json` of run, put, get and sync.
struct FanOutDocument: Encodable {
    struct Row: Encodable {
        var instance_id: String
        var ok: Bool
        var exit_code: Int32?
        var stdout: String
        var stderr: String
        var error: String?
        var summary: String?
        var version: String?
    }

    struct Group: Encodable {
        var nodes: [String]
        var stdout: String
        var stderr: String
    }

    var command: String
    var version: String?
    var nodes: [Row]
    var failed: [String]
    var groups: [Group]?

    init(_ outcomes: [NodeOutcome], command: String, version: String?, group: Bool) {
        self.command = command
        self.version = version
        nodes = outcomes.map { o in
            Row(instance_id: o.nodeID, ok: !o.failed, exit_code: o.exitCode, stdout: String(decoding: o.stdout, as: UTF8.self),
                stderr: String(decoding: o.stderr, as: UTF8.self), error: o.error, summary: o.summary, version: o.version)
        }
        failed = outcomes.filter(\.failed).map(\.nodeID)
        groups = group
            ? OutputGrouping.group(outcomes).map {
                Group(nodes: $0.nodeIDs, stdout: String(decoding: $0.stdout, as: UTF8.self), stderr: String(decoding: $0.stderr, as: UTF8.self))
            }
            : nil
    }
}
