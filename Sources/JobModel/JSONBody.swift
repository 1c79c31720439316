import Foundation

/// A request body that is one JSON object (the dialects' `POST` bodies), read field by field
/// with the spec's checks: each wrong type or out-of-range value is a `JobSpecError` naming the
/// field, and `finish` refuses the fields never read. An empty body is an empty object.
public struct JSONBody {
    private var fields: JSONFields

    public init(_ data: Data) throws {
        guard !data.allSatisfy({ [0x20, 0x0A, 0x0D, 0x09].contains($0) }) else {
            fields = try JSONFields([String: Any](), path: "")
            return
        }
        let top: Any
        do {
            top = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw JobSpecError(field: "", problem: "the body is not valid JSON (\(error.localizedDescription))")
        }
        fields = try JSONFields(top, path: "")
    }

    public mutating func integer(_ key: String, in range: ClosedRange<Int64>, required: Bool = false) throws -> Int64? {
        let value = try fields.integer(key, in: range)
        if value == nil, required { throw JobSpecError(field: key, problem: "is required (a whole number)") }
        return value
    }

    public mutating func string(_ key: String, maxBytes: Int = 4096, required: Bool = false) throws -> String? {
        try fields.string(key, maxBytes: maxBytes, required: required)
    }

    /// `true`/`false`, or 1/0 as Xplenty's clients send them.
    public mutating func flag(_ key: String) throws -> Bool? {
        guard let value = fields.value(key) else { return nil }
        if let number = value as? NSNumber, JSONFields.isBool(value) || [0, 1].contains(number.doubleValue) { return number.boolValue }
        throw JobSpecError(field: key, problem: "expected true or false, found \(JSONFields.kind(of: value))")
    }

    /// An object of variable names to strings or numbers, checked as a spec's variables are
    /// (an error names `key` where the spec's would name `variables`).
    public mutating func variables(_ key: String) throws -> [String: String] {
        do {
            return try JobSpecParser.variables(fields.value(key))
        } catch let error as JobSpecError where key != "variables" {
            throw JobSpecError(field: key + error.field.dropFirst("variables".count), problem: error.problem)
        }
    }

    /// A string, a number or true/false, as text (as a variable's value is read).
    public mutating func scalar(_ key: String, maxBytes: Int = 4096) throws -> String? {
        guard let value = fields.value(key) else { return nil }
        return try JSONFields.scalar(value, field: key, maxBytes: maxBytes)
    }

    /// The field's parsed JSON value, unchecked (nil when absent or null).
    public mutating func raw(_ key: String) -> Any? {
        fields.value(key)
    }

    /// Refuses the first field never read, naming the ones this body takes.
    public func finish(allowed: [String]) throws {
        try fields.finish(allowed: allowed)
    }
}
