import Foundation

/// A subscription URL with Agave's `${NAME}` variables, each replaced by its value
/// percent-encoded. The names are Agave's table (those that apply to ess) plus the cluster ones.
public struct URLTemplate: Sendable, Equatable {
    public static let variables: Set<String> = [
        "UUID", "EVENT", "JOB_ID", "JOB_NAME", "JOB_STATUS", "JOB_URL", "JOB_START_TIME", "JOB_END_TIME",
        "JOB_SUBMIT_TIME", "JOB_ERROR", "JOB_OUTPUT_PATH", "JOB_ARCHIVE_PATH", "JOB_OWNER", "JOB_SYSTEM", "EXECUTION_ID",
        "CLUSTER_ID", "CLUSTER_STATUS", "CLUSTER_NAME", "OWNER", "SEQUENCE",
    ]

    public let text: String

    public init(_ text: String) { self.text = text }

    /// The variable names it uses, in order.
    public var names: [String] {
        var found: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "${") {
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else { found.append(String(rest[open.upperBound...])); break }
            found.append(String(rest[open.upperBound..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return found
    }

    /// The URL with every variable replaced; an unknown or absent value is empty.
    public func expand(_ values: [String: String]) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.range(of: "${"), let close = rest[open.upperBound...].firstIndex(of: "}") {
            out += rest[..<open.lowerBound]
            let name = String(rest[open.upperBound..<close])
            out += Self.encode(values[name] ?? "")
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters.
    static func encode(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
