/// One path component's shell pattern: `*`, `?`, `[abc]`, `[a-z]`, `[!x]`, and `\` to escape.
/// As in the shell, a wildcard never matches a leading `.`.
public struct GlobPattern: Sendable, Equatable {
    let pattern: [Character]

    public init(_ text: String) {
        pattern = Array(text)
    }

    /// Whether the pattern has anything but literal characters.
    public var hasWildcards: Bool {
        pattern.contains { $0 == "*" || $0 == "?" || $0 == "[" || $0 == "\\" }
    }

    /// The component as it is, when it has no wildcards or escapes.
    public var literal: String? {
        hasWildcards ? nil : String(pattern)
    }

    public func matches(_ name: String) -> Bool {
        let text = Array(name)
        if text.first == ".", pattern.first != "." { return false }
        return match(0, text, 0)
    }

    private func match(_ p: Int, _ text: [Character], _ t: Int) -> Bool {
        var p = p, t = t
        var starP = -1, starT = -1
        while t < text.count {
            if p < pattern.count, pattern[p] == "*" {
                starP = p
                starT = t
                p += 1
                continue
            }
            if p < pattern.count, let width = step(p, text[t]) {
                p += width
                t += 1
                continue
            }
            guard starP >= 0 else { return false }
            p = starP + 1
            starT += 1
            t = starT
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }

    /// If the pattern element at `p` matches `char`, how many pattern characters it spans.
    private func step(_ p: Int, _ char: Character) -> Int? {
        switch pattern[p] {
        case "?":
            return 1
        case "\\" where p + 1 < pattern.count:
            return pattern[p + 1] == char ? 2 : nil
        case "[":
            guard let (matched, width) = bracket(p, char) else { return pattern[p] == char ? 1 : nil }
            return matched ? width : nil
        default:
            return pattern[p] == char ? 1 : nil
        }
    }

    /// A bracket expression at `p`: whether `char` is in it and its width; nil if unclosed.
    private func bracket(_ p: Int, _ char: Character) -> (Bool, Int)? {
        var index = p + 1
        var negate = false
        if index < pattern.count, pattern[index] == "!" || pattern[index] == "^" {
            negate = true
            index += 1
        }
        var found = false
        var first = true
        while index < pattern.count, pattern[index] != "]" || first {
            first = false
            let low = pattern[index]
            if index + 2 < pattern.count, pattern[index + 1] == "-", pattern[index + 2] != "]" {
                if low <= char, char <= pattern[index + 2] { found = true }
                index += 3
            } else {
                if low == char { found = true }
                index += 1
            }
        }
        guard index < pattern.count else { return nil }
        return (found != negate, index - p + 1)
    }
}
