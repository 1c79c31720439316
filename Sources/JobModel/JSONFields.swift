import Foundation

/// Typed reads of one JSON object's fields, each failing with a `JobSpecError` that names the
/// field's full path and what is expected. Unknown fields are refused by `finish()`.
struct JSONFields {
    let object: [String: Any]
    let path: String
    private var read: Set<String> = []

    init(_ value: Any, path: String) throws {
        guard let object = value as? [String: Any] else {
            throw JobSpecError(field: path, problem: "expected a JSON object, found \(JSONFields.kind(of: value))")
        }
        self.object = object
        self.path = path
    }

    func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    mutating func has(_ key: String) -> Bool {
        read.insert(key)
        return object[key] != nil && !(object[key] is NSNull)
    }

    mutating func value(_ key: String) -> Any? {
        read.insert(key)
        guard let value = object[key], !(value is NSNull) else { return nil }
        return value
    }

    mutating func string(_ key: String, maxBytes: Int = 65536, required: Bool = false) throws -> String? {
        guard let value = value(key) else {
            if required { throw JobSpecError(field: name(key), problem: "is required (a string)") }
            return nil
        }
        return try JSONFields.string(value, field: name(key), maxBytes: maxBytes)
    }

    mutating func integer(_ key: String, in range: ClosedRange<Int64>) throws -> Int64? {
        guard let value = value(key) else { return nil }
        return try JSONFields.integer(value, field: name(key), in: range)
    }

    mutating func number(_ key: String, in range: ClosedRange<Double>) throws -> Double? {
        guard let value = value(key) else { return nil }
        guard let number = value as? NSNumber, !Self.isBool(value), number.doubleValue.isFinite, range.contains(number.doubleValue) else {
            throw JobSpecError(field: name(key), problem: "expected a number from \(Self.show(range.lowerBound)) to \(Self.show(range.upperBound)), found \(Self.kind(of: value))")
        }
        return number.doubleValue
    }

    /// Refuses any field that was never read.
    func finish(allowed: [String]) throws {
        for key in object.keys.sorted() where !read.contains(key) {
            throw JobSpecError(field: name(key), problem: "is not a field here; expected one of \(allowed.map { "`\($0)`" }.joined(separator: ", "))")
        }
    }

    static func string(_ value: Any, field: String, maxBytes: Int) throws -> String {
        guard let string = value as? String else {
            throw JobSpecError(field: field, problem: "expected a string, found \(kind(of: value))")
        }
        guard string.utf8.count <= maxBytes else {
            throw JobSpecError(field: field, problem: "is \(string.utf8.count) bytes long; at most \(maxBytes) are allowed")
        }
        guard !string.unicodeScalars.contains(where: { $0.value == 0 || $0.properties.generalCategory == .surrogate }) else {
            throw JobSpecError(field: field, problem: "contains a NUL character or a lone surrogate; expected plain UTF-8 text")
        }
        return string
    }

    static func integer(_ value: Any, field: String, in range: ClosedRange<Int64>) throws -> Int64 {
        guard let number = value as? NSNumber, !isBool(value) else {
            throw JobSpecError(field: field, problem: "expected a whole number from \(range.lowerBound) to \(range.upperBound), found \(kind(of: value))")
        }
        let double = number.doubleValue
        guard double.isFinite, double.rounded() == double, abs(double) <= 9.0e15, range.contains(Int64(double)) else {
            throw JobSpecError(field: field, problem: "expected a whole number from \(range.lowerBound) to \(range.upperBound), found \(number)")
        }
        return Int64(double)
    }

    /// A string or a number as text (variables and list values may be either).
    static func scalar(_ value: Any, field: String, maxBytes: Int) throws -> String {
        if let number = value as? NSNumber, !isBool(value) {
            let double = number.doubleValue
            guard double.isFinite else { throw JobSpecError(field: field, problem: "expected a string or a finite number") }
            return double.rounded() == double && abs(double) <= 9.0e15 ? String(Int64(double)) : "\(double)"
        }
        if isBool(value) { return (value as? Bool) == true ? "true" : "false" }
        guard value is String else {
            throw JobSpecError(field: field, problem: "expected a string or a number, found \(kind(of: value))")
        }
        return try string(value, field: field, maxBytes: maxBytes)
    }

    static func kind(of value: Any) -> String {
        switch value {
        case is NSNull: return "null"
        case _ where isBool(value): return "true/false"
        case is NSNumber: return "a number (\(value))"
        case is String: return "a string"
        case is [Any]: return "an array"
        case is [String: Any]: return "an object"
        default: return "\(type(of: value))"
        }
    }

    /// Whether a parsed JSON value is `true` or `false`. On Linux every NSNumber bridges to
    /// Bool, 0 and 1 included; JSON's booleans are the ones whose C type is `char`.
    static func isBool(_ value: Any) -> Bool {
        guard let number = value as? NSNumber else { return value is Bool }
        return String(cString: number.objCType) == "c"
    }

    static func show(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
