/// What a file walk needs of a file system (the master's in production, a table in tests).
public protocol DirectoryLister {
    /// The names in a folder, in any order; empty when it cannot be read.
    func names(in directory: String) -> [String]
    func isDirectory(_ path: String) -> Bool
    func isRegularFile(_ path: String) -> Bool
}

/// `files` inputs: every regular file matching the patterns, one slice each, streamed as
/// standard input. The walk is lazy and in sorted order, one folder listing at a time, and
/// resumes after the cursor's last path, so no list of every file is ever held.
public struct FileSlicer<Lister: DirectoryLister>: Slicer {
    public let patterns: [String]
    let lister: Lister
    public private(set) var cursor: SlicerCursor
    private var walk: GlobWalk<Lister>?

    public init(patterns: [String], lister: Lister, cursor: SlicerCursor = SlicerCursor()) {
        self.patterns = patterns
        self.lister = lister
        self.cursor = cursor
    }

    public mutating func next(max: Int) throws -> [SliceInput] {
        var made: [SliceInput] = []
        while !cursor.finished, made.count < Swift.max(1, max) {
            let patternIndex = Int(cursor.offset ?? 0)
            guard patternIndex < patterns.count else {
                cursor.finished = true
                break
            }
            if walk == nil {
                walk = GlobWalk(pattern: patterns[patternIndex], lister: lister, after: cursor.lastPath)
            }
            guard let path = walk?.next() else {
                walk = nil
                cursor.offset = Int64(patternIndex + 1)
                cursor.lastPath = nil
                continue
            }
            made.append(SliceInput(index: cursor.nextIndex, values: ["input": path], stdin: ByteRange(path: path, offset: 0, length: nil)))
            cursor.nextIndex += 1
            cursor.lastPath = path
        }
        return made
    }

    /// The first pattern that matches no regular file, if any (checked before a job is stored).
    public static func unmatched(_ patterns: [String], lister: Lister) -> String? {
        patterns.first { pattern in
            var walk = GlobWalk(pattern: pattern, lister: lister, after: nil)
            return walk.next() == nil
        }
    }
}

/// A depth-first walk of the paths matching one pattern, in sorted order, after a given path.
struct GlobWalk<Lister: DirectoryLister> {
    private struct Frame {
        var directory: String
        var depth: Int
        var names: [String]
        var position = 0
    }

    let components: [GlobPattern]
    let lister: Lister
    let after: [String]?
    let absolute: Bool
    private var stack: [Frame] = []

    init(pattern: String, lister: Lister, after: String?) {
        absolute = pattern.hasPrefix("/")
        components = pattern.split(separator: "/", omittingEmptySubsequences: true).map { GlobPattern(String($0)) }
        self.lister = lister
        self.after = after.map { $0.split(separator: "/", omittingEmptySubsequences: true).map(String.init) }
        let root = absolute ? "/" : "."
        stack = [Frame(directory: root, depth: 0, names: names(root, depth: 0))]
    }

    mutating func next() -> String? {
        while !stack.isEmpty {
            let top = stack.count - 1
            guard stack[top].position < stack[top].names.count else {
                stack.removeLast()
                continue
            }
            let name = stack[top].names[stack[top].position]
            stack[top].position += 1
            let depth = stack[top].depth
            let path = join(stack[top].directory, name)
            let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
            if let after, Self.precedes(parts, after, prefixOnly: depth + 1 < components.count) { continue }
            if depth + 1 == components.count {
                if lister.isRegularFile(path) { return path }
            } else if lister.isDirectory(path) {
                stack.append(Frame(directory: path, depth: depth + 1, names: names(path, depth: depth + 1)))
            }
        }
        return nil
    }

    /// The names in `directory` that the component at `depth` matches, sorted.
    private func names(_ directory: String, depth: Int) -> [String] {
        guard depth < components.count else { return [] }
        let component = components[depth]
        if let literal = component.literal { return [literal] }
        return lister.names(in: directory).filter(component.matches).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    private func join(_ directory: String, _ name: String) -> String {
        if directory == "." { return name }
        return directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// Whether `parts` comes at or before `after` in the walk's order; for a folder
    /// (`prefixOnly`), whether everything under it does.
    static func precedes(_ parts: [String], _ after: [String], prefixOnly: Bool) -> Bool {
        for (index, part) in parts.enumerated() {
            guard index < after.count else { return false }
            let mine = Array(part.utf8), theirs = Array(after[index].utf8)
            if mine != theirs { return mine.lexicographicallyPrecedes(theirs) }
        }
        return !prefixOnly && parts.count == after.count
    }
}
