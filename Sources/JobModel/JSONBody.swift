import Foundation

/// A request body that is one JSON object (the dialects' `POST` bodies), read field by field
/// with the spec's checks: each wrong type or out-of-range value is a `JobSpecError` naming the
/// field, and `finish` refuses the fields never read. An empty body is an empty object.
///
/// The same fields may come as a form (`init(form:)`, `FormDecoder`): then whole numbers and
/// flags are read from their text. `wrapper` names the resource (`cluster`, `job`) that
/// Rails-style clients put around the fields (`{"cluster": {…}}`, `cluster[nodes]=2`): a body
/// whose only field is that object is read as the object.
public struct JSONBody {
    private var fields: JSONFields
    /// From a form: every value is text.
    private let textual: Bool

    public init(_ data: Data, wrapper: String? = nil) throws {
        textual = false
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
        fields = try JSONFields(Self.unwrapped(top, wrapper), path: "")
    }

    /// An `application/x-www-form-urlencoded` body.
    public init(form data: Data, wrapper: String? = nil) throws {
        textual = true
        fields = try JSONFields(Self.unwrapped(try FormDecoder.object(data), wrapper), path: "")
    }

    /// Whether a body is JSON rather than a form: its first byte that is not white space is `{` or `[`.
    public static func isJSON(_ data: Data) -> Bool {
        let first = data.first { ![0x20, 0x0A, 0x0D, 0x09].contains($0) }
        return first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
    }

    static func unwrapped(_ top: Any, _ wrapper: String?) -> Any {
        guard let wrapper, let object = top as? [String: Any], object.count == 1, let inner = object[wrapper] as? [String: Any] else { return top }
        return inner
    }

    public mutating func integer(_ key: String, in range: ClosedRange<Int64>, required: Bool = false) throws -> Int64? {
        let value: Int64?
        if textual, let text = fields.value(key) as? String {
            guard let number = Int64(text), range.contains(number) else {
                throw JobSpecError(field: key, problem: "expected a whole number from \(range.lowerBound) to \(range.upperBound), found `\(text.prefix(40))`")
            }
            value = number
        } else {
            value = try fields.integer(key, in: range)
        }
        if value == nil, required { throw JobSpecError(field: key, problem: "is required (a whole number)") }
        return value
    }

    public mutating func string(_ key: String, maxBytes: Int = 4096, required: Bool = false) throws -> String? {
        try fields.string(key, maxBytes: maxBytes, required: required)
    }

    /// `true`/`false`, or 1/0 as Xplenty's clients send them (in a form: `true`, `t`, `1`,
    /// `false`, `f`, `0`).
    public mutating func flag(_ key: String) throws -> Bool? {
        guard let value = fields.value(key) else { return nil }
        if textual, let text = value as? String {
            switch text.lowercased() {
            case "true", "t", "1": return true
            case "false", "f", "0": return false
            default: throw JobSpecError(field: key, problem: "expected true, t, 1, false, f or 0, found `\(text.prefix(40))`")
            }
        }
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
