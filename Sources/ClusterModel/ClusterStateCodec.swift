import Foundation

/// Reads and writes reservation.json text, with errors that name the field or line.
public enum ClusterStateCodec {
    /// Decodes either the full schema or the custom form, then validates. A file that names
    /// no `user` gets `defaultUser(provider)`, the provider's own default (the providers know
    /// it, this module does not); without one, the missing user is a problem like any other.
    public static func decode(_ data: Data, defaultUser: (ProviderKind) -> String? = { _ in nil }) throws -> ClusterState {
        guard !data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else {
            throw StateProblem(field: "(file)", expected: "a JSON object; the file is empty")
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw StateProblem(field: "(syntax)", expected: "valid JSON; \(syntaxHint(data, error: error))")
        }
        guard let dictionary = object as? [String: Any] else {
            throw StateProblem(field: "(file)", expected: "a JSON object at the top level")
        }
        if let (key, line) = DuplicateKeyScan.first(in: data) {
            throw StateProblem(field: "(line \(line))", expected: "each key once per object; `\(key.prefix(60))` appears twice (remove one)")
        }
        if let (path, number) = unusableNumber(in: object, path: "") {
            let why = number.doubleValue.rounded() == number.doubleValue ? "this one is out of range" : "found \(number)"
            throw StateProblem(field: path, expected: "a whole number small enough to use; \(why)")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            if dictionary["schema"] == nil, dictionary["ip_list"] != nil {
                return try decoder.decode(CustomClusterForm.self, from: data).clusterState(defaultUser: defaultUser(.custom))
            }
            var state = try decoder.decode(ClusterState.self, from: data)
            if dictionary["user"] == nil {
                guard let user = defaultUser(state.provider) else {
                    throw StateProblem(field: "user", expected: "a value; the field is missing")
                }
                state.user = user
            }
            try ClusterStateValidator.validate(state)
            return state
        } catch let error as DecodingError {
            throw problem(from: error)
        }
    }

    /// Pretty, stable JSON with a trailing newline.
    public static func encode(_ state: ClusterState) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        var data = try encoder.encode(state)
        data.append(0x0A)
        return data
    }

    static func problem(from error: DecodingError) -> StateProblem {
        func path(_ keys: [CodingKey]) -> String {
            var text = ""
            for key in keys {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += (text.isEmpty ? "" : ".") + key.stringValue
                }
            }
            return text.isEmpty ? "(top level)" : text
        }
        switch error {
        case .keyNotFound(let key, let context):
            return StateProblem(field: path(context.codingPath + [key]), expected: "a value; the field is missing")
        case .typeMismatch(let type, let context):
            return StateProblem(field: path(context.codingPath), expected: "a value of type \(describe(type))")
        case .valueNotFound(let type, let context):
            return StateProblem(field: path(context.codingPath), expected: "a value of type \(describe(type)), found null")
        case .dataCorrupted(let context):
            var field = path(context.codingPath)
            if context.debugDescription.contains("ISO8601") {
                // created_at and a launch's started_at are the schema's only dates; the decoder's path may stop at their object.
                if !field.hasSuffix("created_at") && !field.hasSuffix("started_at") {
                    field += field.hasPrefix("launches") ? ".started_at" : ".created_at"
                }
                return StateProblem(field: field, expected: "a date and time like 2026-11-23T09:28:01Z")
            }
            if field == "provider" || field.hasSuffix(".state") {
                let choices = field == "provider"
                    ? ProviderKind.allCases.map(\.rawValue) : NodeState.allCases.map(\.rawValue)
                return StateProblem(field: field, expected: "one of \(choices.joined(separator: ", "))")
            }
            return StateProblem(field: field, expected: context.debugDescription)
        @unknown default:
            return StateProblem(field: "(file)", expected: "\(error)")
        }
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "string"
        case is Int.Type: return "integer"
        case is Bool.Type: return "boolean"
        default:
            let name = String(describing: type)
            return name.hasPrefix("Array") ? "array" : (name.hasPrefix("Dictionary") ? "object" : name)
        }
    }

    /// The path of the first number that no integer field could hold (huge or fractional: every
    /// number in the schema is a whole one), so it is named instead of failing as "not valid JSON".
    static func unusableNumber(in value: Any, path: String) -> (String, NSNumber)? {
        switch value {
        case let dictionary as [String: Any]:
            for key in dictionary.keys.sorted() {
                if let found = unusableNumber(in: dictionary[key]!, path: path.isEmpty ? key : "\(path).\(key)") { return found }
            }
        case let array as [Any]:
            for (index, element) in array.enumerated() {
                if let found = unusableNumber(in: element, path: "\(path)[\(index)]") { return found }
            }
        case let number as NSNumber where !(value is Bool):
            let double = number.doubleValue
            if !double.isFinite || abs(double) > 9.0e15 || double.rounded() != double {
                return (path.isEmpty ? "(top level)" : path, number)
            }
        default:
            break
        }
        return nil
    }

    /// Where the JSON text goes wrong, as "line L, column C": from the parser's character offset
    /// when it gives one, else from a small bracket/string scan (which spots truncation).
    static func syntaxHint(_ data: Data, error: Error) -> String {
        let scanned = scan(data)
        if scanned.hasPrefix("the text ends early") || scanned.hasPrefix("nested") { return scanned }
        let text = "\((error as NSError).userInfo["NSDebugDescription"] ?? "")"
        if let range = text.range(of: #"character \d+"#, options: .regularExpression),
            let offset = Int(text[range].dropFirst("character ".count)) {
            var line = 1, column = 1
            for byte in data.prefix(offset) {
                if byte == 0x0A { line += 1; column = 1 } else { column += 1 }
            }
            return "a syntax error at line \(line), column \(column); check commas, quotes and brackets"
        }
        return scanned
    }

    /// Deeper than this the JSON parser gives up; the schema itself is 4 levels deep.
    static let maximumDepth = 512

    static func scan(_ data: Data) -> String {
        var line = 1, column = 0, depth = 0
        var inString = false, escaped = false
        for byte in data {
            column += 1
            if byte == 0x0A { line += 1; column = 0 }
            if inString {
                if escaped { escaped = false } else if byte == 0x5C { escaped = true } else if byte == 0x22 { inString = false }
                continue
            }
            switch byte {
            case 0x22: inString = true
            case 0x7B, 0x5B:
                depth += 1
                if depth > maximumDepth {
                    return "nested more than \(maximumDepth) levels deep at line \(line), column \(column); the schema needs 6"
                }
            case 0x7D, 0x5D:
                depth -= 1
                if depth < 0 { return "unexpected closing bracket at line \(line), column \(column)" }
            default: break
            }
        }
        if inString || depth > 0 {
            return "the text ends early at line \(line) (truncated file?)"
        }
        return "a syntax error near line \(line); check commas, quotes and brackets"
    }
}
