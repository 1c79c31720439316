import ClusterModel

/// A command with `{NAME}` placeholders.
///
/// A placeholder is `{` + a name of letters, digits and `_` (not starting with a digit) + `}`.
/// Anything else in braces is left alone, so shell and awk text such as `${HOME}`, `{ a; b; }` or
/// `awk '{print $1}'` passes through; `{{` and `}}` give a literal brace. Values are
/// substituted as single-quoted shell words, so no value can change the command's shape.
public struct CommandTemplate: Sendable, Equatable {
    public let text: String
    /// Every placeholder name used, in order of first use.
    public let placeholders: [String]

    public init(_ text: String) {
        self.text = text
        var seen: [String] = []
        Self.scan(text) { piece in
            if case .placeholder(let name) = piece, !seen.contains(name) { seen.append(name) }
        }
        placeholders = seen
    }

    /// The command with every placeholder replaced by its quoted value; a placeholder with no
    /// value is left as it is (callers check `missing(given:)` first).
    public func render(_ values: [String: String]) -> String {
        var out = ""
        Self.scan(text) { piece in
            switch piece {
            case .literal(let text): out += text
            case .placeholder(let name):
                if let value = values[name] { out += ShellQuote.quote(value) } else { out += "{\(name)}" }
            }
        }
        return out
    }

    /// The text with every placeholder replaced by its value as it is, unquoted (for URLs, not
    /// commands); a placeholder with no value is left as it is.
    public func fill(_ values: [String: String]) -> String {
        var out = ""
        Self.scan(text) { piece in
            switch piece {
            case .literal(let text): out += text
            case .placeholder(let name): out += values[name] ?? "{\(name)}"
            }
        }
        return out
    }

    /// The placeholders that `names` gives no value for.
    public func missing(given names: Set<String>) -> [String] {
        placeholders.filter { !names.contains($0) }
    }

    enum Piece {
        case literal(String)
        case placeholder(String)
    }

    static func scan(_ text: String, _ body: (Piece) -> Void) {
        let chars = Array(text)
        var literal = ""
        var index = 0
        while index < chars.count {
            let char = chars[index]
            let next = index + 1 < chars.count ? chars[index + 1] : nil
            if (char == "{" && next == "{") || (char == "}" && next == "}") {
                literal.append(char)
                index += 2
                continue
            }
            if char == "{", index == 0 || chars[index - 1] != "$", let close = nameEnd(chars, from: index + 1) {
                if !literal.isEmpty { body(.literal(literal)); literal = "" }
                body(.placeholder(String(chars[(index + 1)..<close])))
                index = close + 1
                continue
            }
            literal.append(char)
            index += 1
        }
        if !literal.isEmpty { body(.literal(literal)) }
    }

    /// The index of the `}` closing a placeholder name that starts at `start`, or nil.
    private static func nameEnd(_ chars: [Character], from start: Int) -> Int? {
        var index = start
        while index < chars.count, chars[index].isASCII, chars[index].isLetter || chars[index].isNumber || chars[index] == "_" {
            index += 1
        }
        guard index > start, index < chars.count, chars[index] == "}", !chars[start].isNumber else { return nil }
        return index
    }
}
