import Foundation

/// Times in API documents: ISO 8601 in UTC with milliseconds, as Teraslice writes them
/// (`2026-12-02T07:20:00.123Z`).
public enum APIDate {
    static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    public static func string(_ date: Date) -> String { date.formatted(style) }

    public static func date(_ string: String) -> Date? { try? style.parse(string) }

    /// An ISO 8601 instant with or without fractional seconds (`2026-12-02T10:00:00Z`).
    public static func instant(_ string: String) -> Date? { date(string) ?? (try? Date(string, strategy: .iso8601)) }
}
