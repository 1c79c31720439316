import Foundation
import JobModel

/// Agave's job request (`POST /jobs/v2/`, a JSON object or an HTML form) read into the native
/// start's terms: `appId` names the stored job (its id, or the newest job of that name),
/// `parameters` are the execution's variables (each must be one the job declares),
/// `executionSystem` is the cluster id, `notifications` follow the new execution. Agave's
/// resource requests (`nodeCount`, `processorsPerNode`, `memoryPerNode`, `maxRunTime`,
/// `batchQueue`), `name` and `archive` are checked for type and ignored (the stored job decides);
/// `inputs` must be empty and `archivePath`/`archiveSystem` are refused unless `archive` is false
/// (the job's inputs are its spec's; its outputs stay on the master). Any other field is a 400
/// naming it. Mapping only: the core starts the execution.
struct AgaveSubmission {
    var appID: String
    /// `parameters`, not yet checked against the job's variables (`variables(declared:)`).
    var parameters: [String: String]
    /// How an error names a parameter: `parameters.` in JSON, nothing in a form.
    var parameterPrefix = "parameters."
    var clusterID: Int64?
    /// The JSON `notifications` list, unread (`SpecNotifications.records` checks it).
    var notifications: Any?

    static let fields = [
        "name", "appId", "parameters", "inputs", "notifications", "archive", "archiveSystem", "archivePath", "executionSystem", "nodeCount",
        "processorsPerNode", "memoryPerNode", "maxRunTime", "batchQueue",
    ]

    /// A JSON body (one starting with `{` or `[`) or a form (`application/x-www-form-urlencoded`,
    /// where Agave takes each parameter as a field of its own name).
    init(_ body: Data) throws {
        self = try Dialect.body { JSONBody.isJSON(body) ? try Self(json: body) : try Self(form: body) }
    }

    private init(json data: Data) throws {
        var body = try JSONBody(data)
        appID = try body.string("appId", maxBytes: 256, required: true) ?? ""
        parameters = try body.variables("parameters")
        clusterID = try Self.cluster(try body.scalar("executionSystem", maxBytes: 64))
        notifications = body.raw("notifications")
        _ = try body.string("name", maxBytes: 4096)
        if let inputs = body.raw("inputs") {
            guard let object = inputs as? [String: Any] else { throw JobSpecError(field: "inputs", problem: "expected an object") }
            if let first = object.keys.sorted().first { throw Self.inputsRefused("inputs.\(first)") }
        }
        try Self.archive(try body.flag("archive"), path: try body.string("archivePath"), system: try body.string("archiveSystem"))
        for key in ["nodeCount", "processorsPerNode"] { _ = try body.integer(key, in: 1...Int64(Int32.max)) }
        for key in ["maxRunTime", "batchQueue"] { _ = try body.string(key, maxBytes: 256) }
        _ = try body.scalar("memoryPerNode", maxBytes: 64)
        try body.finish(allowed: Self.fields)
    }

    /// A form: Agave's job fields by name, every other field a parameter.
    private init(form data: Data) throws {
        var fields: [String: String] = [:]
        for pair in String(decoding: data, as: UTF8.self).split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decoded(_ text: Substring) throws -> String {
                guard let value = text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding else {
                    throw JobSpecError(field: "", problem: "the form is not URL-encoded; send a JSON object or name=value pairs joined by &")
                }
                return value
            }
            let name = try decoded(parts[0])
            guard fields[name] == nil else { throw JobSpecError(field: name, problem: "is given twice") }
            fields[name] = parts.count > 1 ? try decoded(parts[1]) : ""
        }
        guard let app = fields.removeValue(forKey: "appId"), !app.isEmpty else { throw JobSpecError(field: "appId", problem: "is required (a string)") }
        appID = app
        for name in ["notifications", "callbackUrl"] where fields[name] != nil {
            throw JobSpecError(field: name, problem: "cannot be given in a form, as in Agave; send the request as JSON, or subscribe afterwards with POST /notifications/v2/")
        }
        clusterID = try Self.cluster(fields.removeValue(forKey: "executionSystem"))
        notifications = nil
        let archive: Bool? = try fields.removeValue(forKey: "archive").map { text in
            guard let flag = ["true": true, "1": true, "false": false, "0": false][text.lowercased()] else {
                throw JobSpecError(field: "archive", problem: "expected true or false, found `\(text.prefix(40))`")
            }
            return flag
        }
        try Self.archive(archive, path: fields.removeValue(forKey: "archivePath"), system: fields.removeValue(forKey: "archiveSystem"))
        for key in ["nodeCount", "processorsPerNode"] {
            if let text = fields.removeValue(forKey: key), Int32(text).map({ $0 < 1 }) ?? true {
                throw JobSpecError(field: key, problem: "expected a whole number from 1, found `\(text.prefix(40))`")
            }
        }
        for key in ["name", "maxRunTime", "batchQueue", "memoryPerNode"] { fields[key] = nil }
        for name in fields.keys.sorted() { try JobSpecParser.checkVariableName(name, field: name) }
        parameters = fields
        parameterPrefix = ""
    }

    /// The variables of a start of a job declaring `declared`: `parameters`, each of them one
    /// of those (Agave's parameters are the app's own).
    func variables(declared: [String: String], appID jobID: Int64) throws -> [String: String] {
        if let stray = parameters.keys.sorted().first(where: { declared[$0] == nil }) {
            let known = declared.keys.sorted().map { "`\($0)`" }.joined(separator: ", ")
            throw RouteError.badQuery(
                name: parameterPrefix + stray, problem: "is not a parameter of app \(jobID); " + (known.isEmpty ? "it takes none" : "it takes \(known)"))
        }
        return parameters
    }

    /// `executionSystem`: a cluster id, as text (Agave's system ids are strings) or a number.
    static func cluster(_ text: String?) throws -> Int64? {
        guard let text else { return nil }
        guard let id = Int64(text), id >= 0 else {
            throw JobSpecError(field: "executionSystem", problem: "expected a cluster id, a whole number as text (`GET /v1/clusters` lists them; 0 is the master's own)")
        }
        return id
    }

    /// `archivePath`/`archiveSystem` are refused unless `archive` is false (Agave archives by default).
    static func archive(_ archive: Bool?, path: String?, system: String?) throws {
        guard archive ?? true else { return }
        for (field, value) in [("archivePath", path), ("archiveSystem", system)] where value.map({ !$0.isEmpty }) ?? false {
            throw JobSpecError(field: field, problem: "cannot be honoured: ess keeps a job's outputs on the master (`_links.native` of the job); leave it out")
        }
    }

    static func inputsRefused(_ field: String) -> JobSpecError {
        JobSpecError(field: field, problem: "cannot be given: an ess app takes its inputs from its stored spec (`inputs` of the job); give parameters instead")
    }
}
