import Foundation

/// JSON text with sorted keys: how specs, cursors, slice inputs, cluster machines and retry
/// policies are stored, so the same value is always the same text.
public enum SortedJSON {
    public static func text<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
