/// Reads the `inputs` object of a job spec: exactly one of its kinds, each checked.
enum JobInputsParser {
    static let kinds = ["files", "lines", "range", "list", "remote", "s3"]
    /// The most slices one execution may have.
    static let maxSlices: Int64 = 1_000_000_000

    static func parse(_ value: Any) throws -> JobInputs {
        let fields = try JSONFields(value, path: "inputs")
        let given = fields.object.keys.sorted()
        guard given.count == 1, let kind = given.first else {
            let found = given.isEmpty ? "none" : given.map { "`\($0)`" }.joined(separator: ", ")
            throw JobSpecError(field: "inputs", problem: "expected exactly one of `files`, `lines`, `range`, `list`, `remote`, `s3`; found \(found)")
        }
        let field = "inputs.\(kind)"
        let raw = fields.object[kind]!
        switch kind {
        case "files": return .files(patterns: try patterns(raw, field: field))
        case "lines": return try lines(raw, field: field)
        case "range": return try range(raw, field: field)
        case "list": return .list(values: try list(raw, field: field))
        case "remote":
            let pattern = try JSONFields.string(raw, field: field, maxBytes: 4096)
            guard !pattern.isEmpty else { throw JobSpecError(field: field, problem: "is empty; expected a glob such as data/*.csv") }
            return .remote(pattern: pattern)
        case "s3": return .s3(try s3(raw, field: field))
        default:
            throw JobSpecError(field: field, problem: "is not an input kind; expected one of `files`, `lines`, `range`, `list`, `remote`, `s3`")
        }
    }

    static func patterns(_ raw: Any, field: String) throws -> [String] {
        let values: [Any] = (raw as? [Any]) ?? [raw]
        guard (1...1000).contains(values.count) else {
            throw JobSpecError(field: field, problem: "expected 1 to 1000 paths or globs")
        }
        return try values.enumerated().map { index, value in
            let name = raw is [Any] ? "\(field)[\(index)]" : field
            let pattern = try JSONFields.string(value, field: name, maxBytes: 4096)
            guard !pattern.isEmpty else { throw JobSpecError(field: name, problem: "is empty; expected a path or a glob") }
            return pattern
        }
    }

    static func lines(_ raw: Any, field: String) throws -> JobInputs {
        var fields = try JSONFields(raw, path: field)
        let path = try fields.string("path", maxBytes: 4096, required: true)!
        guard !path.isEmpty else { throw JobSpecError(field: "\(field).path", problem: "is empty; expected a file path") }
        let perSlice = try fields.integer("per_slice", in: 1...10_000_000) ?? 1000
        try fields.finish(allowed: ["path", "per_slice"])
        return .lines(path: path, perSlice: Int(perSlice))
    }

    static func range(_ raw: Any, field: String) throws -> JobInputs {
        var fields = try JSONFields(raw, path: field)
        let limit: ClosedRange<Int64> = -4_000_000_000_000_000...4_000_000_000_000_000
        guard let start = try fields.integer("start", in: limit) else {
            throw JobSpecError(field: "\(field).start", problem: "is required (a whole number)")
        }
        guard let end = try fields.integer("end", in: limit) else {
            throw JobSpecError(field: "\(field).end", problem: "is required (a whole number, included in the range)")
        }
        let perSlice = try fields.integer("per_slice", in: 1...limit.upperBound) ?? 1
        try fields.finish(allowed: ["start", "end", "per_slice"])
        guard end >= start else {
            throw JobSpecError(field: "\(field).end", problem: "is \(end), below `start` (\(start)); expected end ≥ start", unusable: true)
        }
        let count = (end - start) / perSlice + 1
        guard count <= maxSlices else {
            throw JobSpecError(field: field, problem: "makes \(count) slices; at most \(maxSlices) are allowed (raise `per_slice`)", unusable: true)
        }
        return .range(start: start, end: end, perSlice: perSlice)
    }

    static func list(_ raw: Any, field: String) throws -> [String] {
        guard let values = raw as? [Any] else {
            throw JobSpecError(field: field, problem: "expected an array of strings or numbers, found \(JSONFields.kind(of: raw))")
        }
        guard (1...1_000_000).contains(values.count) else {
            throw JobSpecError(field: field, problem: "expected 1 to 1000000 values, found \(values.count)")
        }
        return try values.enumerated().map { index, value in
            try JSONFields.scalar(value, field: "\(field)[\(index)]", maxBytes: 65536)
        }
    }

    static func s3(_ raw: Any, field: String) throws -> S3Input {
        var fields = try JSONFields(raw, path: field)
        let url = try fields.string("url", maxBytes: 2048, required: true)!
        let match = try fields.string("match", maxBytes: 1024)
        if let match, match.isEmpty { throw JobSpecError(field: "\(field).match", problem: "is empty; expected a glob such as *.gz, or leave it out for every object") }
        let perSlice = try fields.integer("per_slice", in: 1...10_000) ?? 1
        let split = try fields.integer("split_bytes", in: 1...(5 << 40))
        try fields.finish(allowed: ["url", "match", "per_slice", "split_bytes"])
        if split != nil, perSlice != 1 {
            throw JobSpecError(field: "\(field).per_slice", problem: "cannot be used with `split_bytes` (each range is a slice); leave one out", unusable: true)
        }
        return S3Input(url: url, match: match, perSlice: Int(perSlice), splitBytes: split)
    }
}
