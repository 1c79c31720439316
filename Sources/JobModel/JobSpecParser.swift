import ClusterModel
import Foundation

/// Reads a job spec (JSON) and checks every field before anything is stored: an unknown field,
/// a wrong type, a number out of range, a placeholder with no value each give one
/// `JobSpecError`. Checks that need the disk or the cluster (a glob that matches nothing, a
/// reservation that does not exist) are the master's, after this one.
public enum JobSpecParser {
    /// A spec's largest size: the API refuses larger bodies too.
    public static let maxBytes = 1 << 20
    /// Placeholders every slice has.
    public static let builtins: Set<String> = ["slice", "job_id", "ex_id", "worker", "output"]
    static let fields = ["name", "command", "variables", "inputs", "retries", "slice_timeout", "slots", "workers", "reservation", "max_failures", "output", "notifications"]

    /// Parses and checks `data`; `overrides` are run-time variables (`--var NAME=VALUE`), which
    /// replace the spec's and may give values the spec lacks.
    public static func parse(_ data: Data, overrides: [String: String] = [:]) throws -> JobSpec {
        guard data.count <= maxBytes else {
            throw JobSpecError(field: "", problem: "the spec is \(data.count) bytes; at most \(maxBytes) are allowed")
        }
        guard String(data: data, encoding: .utf8) != nil else {
            throw JobSpecError(field: "", problem: "the spec is not valid UTF-8 text")
        }
        let top: Any
        do {
            top = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw JobSpecError(field: "", problem: "the spec is not valid JSON (\(error.localizedDescription))")
        }
        if let (key, line) = DuplicateKeyScan.first(in: data) {
            throw JobSpecError(field: "", problem: "the key `\(key.prefix(60))` appears twice in one object (line \(line)); remove one")
        }
        if let null = JSONNull.firstPath(in: top) {
            throw JobSpecError(field: null, problem: "is null; give a value or leave the field out")
        }
        return try spec(from: top, overrides: overrides)
    }

    static func spec(from top: Any, overrides: [String: String]) throws -> JobSpec {
        var fields = try JSONFields(top, path: "")
        let name = try fields.string("name", maxBytes: 128, required: true)!
        guard !name.isEmpty, !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw JobSpecError(field: "name", problem: "expected 1 to 128 characters of text without control characters")
        }
        let command = try fields.string("command", required: true)!
        guard !command.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw JobSpecError(field: "command", problem: "is empty; expected a shell command")
        }
        var variables = try self.variables(fields.value("variables"))
        for (key, value) in overrides {
            try checkVariableName(key, field: "variables")
            variables[key] = value
        }
        guard let rawInputs = fields.value("inputs") else {
            throw JobSpecError(field: "inputs", problem: "is required: one of `files`, `lines`, `range`, `list`, `remote` or `s3`")
        }
        let inputs = try JobInputsParser.parse(rawInputs)
        let retries = try fields.integer("retries", in: 0...100).map(Int.init) ?? JobSpec.defaultRetries
        let timeout = try fields.number("slice_timeout", in: 0.001...604_800)
        let slots = try fields.integer("slots", in: 1...256).map(Int.init)
        let workers = try fields.integer("workers", in: 1...10_000).map(Int.init)
        let reservation = try fields.string("reservation", maxBytes: 128)
        if let reservation {
            do {
                try ClusterStateValidator.requireName(reservation, field: "reservation")
            } catch {
                throw JobSpecError(field: "reservation", problem: "expected a reservation id such as r-0362fc0159798cabc")
            }
        }
        let maxFailures = try fields.integer("max_failures", in: 0...1_000_000_000).map(Int.init)
        let output = try self.output(fields.value("output"))
        if let notifications = fields.value("notifications"), !(notifications is [Any]) {
            throw JobSpecError(field: "notifications", problem: "expected a list of subscriptions such as {\"url\": \"https://…\", \"event\": \"job.*\"}")
        }
        try fields.finish(allowed: Self.fields)
        try S3URLs.check(inputs: inputs, output: output, variables: variables)

        let template = CommandTemplate(command)
        let known = builtins.union(inputs.placeholders).union(variables.keys)
        if let missing = template.missing(given: known).first {
            let other = ["start", "end", "input"].contains(missing)
                ? "{\(missing)} is not given by `\(inputs.kind)` inputs (\(inputs.placeholders.sorted().map { "{\($0)}" }.joined(separator: " ")) are)"
                : "the placeholder {\(missing)} has no value; give it one in `variables` or at run time"
            throw JobSpecError(field: "command", problem: other, unusable: true)
        }
        return JobSpec(
            name: name, command: command, variables: variables, inputs: inputs, retries: retries, sliceTimeout: timeout,
            slots: slots, workers: workers, reservation: reservation, maxFailures: maxFailures, output: output)
    }

    /// `variables` as a spec or a start request gives them: at most 1000 names, each a
    /// variable name, each value a string, a number or true/false, as text.
    public static func variables(_ value: Any?) throws -> [String: String] {
        guard let value else { return [:] }
        let fields = try JSONFields(value, path: "variables")
        guard fields.object.count <= 1000 else {
            throw JobSpecError(field: "variables", problem: "has \(fields.object.count) entries; at most 1000 are allowed")
        }
        var out: [String: String] = [:]
        for (key, raw) in fields.object {
            try checkVariableName(key, field: "variables.\(key)")
            out[key] = try JSONFields.scalar(raw, field: "variables.\(key)", maxBytes: 65536)
        }
        return out
    }

    /// A variable's name: letters, digits and `_`, not starting with a digit, and not a name
    /// the slices already give.
    public static func checkVariableName(_ name: String, field: String) throws {
        let template = CommandTemplate("{\(name)}")
        guard template.placeholders == [name] else {
            throw JobSpecError(field: field, problem: "`\(name.prefix(60))` is not a variable name; expected letters, digits and _, not starting with a digit")
        }
        guard !builtins.contains(name), !["start", "end", "input"].contains(name) else {
            throw JobSpecError(field: field, problem: "`\(name)` is a placeholder every slice gives; choose another name")
        }
    }

    /// `output`: a word, or `{"s3": "s3://bucket/prefix/"}`.
    static func output(_ raw: Any?) throws -> JobOutput {
        guard let raw else { return .stdout }
        if let word = raw as? String {
            guard let output = JobOutput(word: word) else {
                throw JobSpecError(field: "output", problem: "expected `stdout`, `file`, `none` or {\"s3\": \"s3://bucket/prefix/\"}, found `\(word.prefix(40))`")
            }
            return output
        }
        guard raw is [String: Any] else {
            throw JobSpecError(field: "output", problem: "expected `stdout`, `file`, `none` or {\"s3\": \"s3://bucket/prefix/\"}, found \(JSONFields.kind(of: raw))")
        }
        var fields = try JSONFields(raw, path: "output")
        let url = try fields.string("s3", maxBytes: 2048, required: true)!
        try fields.finish(allowed: ["s3"])
        return .s3(url: url)
    }
}
