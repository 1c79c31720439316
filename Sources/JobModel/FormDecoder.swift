import Foundation

/// An `application/x-www-form-urlencoded` body as the JSON-shaped object a `JSONBody` reads.
/// Bracketed names nest, as Rails and Xplenty's curl examples write them:
/// `job[package_id]=2&job[variables][X]=a+b` is `{"job": {"package_id": "2", "variables": {"X": "a b"}}}`.
/// Every value is a string (`JSONBody` reads numbers and flags from their text). A pair without
/// `=`, a broken bracket or percent escape, a list (`[]`), a name given twice, or a name that is
/// both a value and a set of fields is a `JobSpecError` naming the field.
public enum FormDecoder {
    /// How deep bracketed names may nest.
    static let maxDepth = 8

    public static func object(_ data: Data) throws -> [String: Any] {
        guard let text = String(data: data, encoding: .utf8) else {
            throw JobSpecError(field: "", problem: "the form is not UTF-8 text")
        }
        var top: [String: Any] = [:]
        for pair in text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "&") where !pair.isEmpty {
            guard let equals = pair.firstIndex(of: "=") else {
                throw JobSpecError(field: decoded(pair) ?? String(pair.prefix(60)), problem: "expected NAME=VALUE in the form")
            }
            guard let name = decoded(pair[..<equals]) else {
                throw JobSpecError(field: String(pair[..<equals].prefix(60)), problem: "has a broken percent escape")
            }
            guard let value = decoded(pair[pair.index(after: equals)...]) else {
                throw JobSpecError(field: name, problem: "has a value with a broken percent escape")
            }
            try insert(value, at: path(of: name)[...], into: &top, name: name)
        }
        return top
    }

    /// `+` as a space, then `%XX` escapes; nil when an escape is broken.
    static func decoded(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    /// `a[b][c]` as `["a", "b", "c"]`.
    static func path(of name: String) throws -> [String] {
        guard let open = name.firstIndex(of: "[") else {
            guard !name.isEmpty, !name.contains("]") else { throw malformed(name) }
            return [name]
        }
        var path = [String(name[..<open])]
        var rest = name[open...]
        while !rest.isEmpty {
            guard rest.first == "[", let close = rest.firstIndex(of: "]") else { throw malformed(name) }
            let key = rest[rest.index(after: rest.startIndex)..<close]
            guard !key.contains("[") else { throw malformed(name) }
            guard !key.isEmpty else { throw JobSpecError(field: name, problem: "is a list (`[]`); this form takes named fields only") }
            path.append(String(key))
            rest = rest[rest.index(after: close)...]
        }
        guard !path[0].isEmpty, path.count <= maxDepth else { throw malformed(name) }
        return path
    }

    static func malformed(_ name: String) -> JobSpecError {
        JobSpecError(field: String(name.prefix(60)), problem: "is not a form field name; expected NAME or NAME[KEY]…")
    }

    static func insert(_ value: String, at path: ArraySlice<String>, into object: inout [String: Any], name: String) throws {
        let key = path.first!
        if path.count == 1 {
            guard object[key] == nil else {
                throw JobSpecError(field: name, problem: object[key] is String ? "is given twice in the form" : "is given both as a value and as fields in the form")
            }
            object[key] = value
            return
        }
        var inner: [String: Any]
        switch object[key] {
        case nil: inner = [:]
        case let nested as [String: Any]: inner = nested
        default: throw JobSpecError(field: name, problem: "is given both as a value and as fields in the form")
        }
        try insert(value, at: path.dropFirst(), into: &inner, name: name)
        object[key] = inner
    }
}
