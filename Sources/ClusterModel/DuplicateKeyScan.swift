import Foundation

/// Finds a key that appears twice in one JSON object. JSON parsers keep one of the two values
/// silently; in a hand-edited reservation.json that hides a mistake, so `ess` refuses the file.
///
/// Runs on text that already parsed as JSON, so it only tracks containers, strings and commas.
public enum DuplicateKeyScan {
    /// The first repeated key (as written, between its quotes) and its 1-based line.
    public static func first(in data: Data) -> (key: String, line: Int)? {
        // One entry per open container: nil for an array, the keys seen so far for an object.
        var containers: [Set<[UInt8]>?] = []
        var expectKey = false
        var line = 1
        let bytes = [UInt8](data)
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\n"):
                line += 1
            case UInt8(ascii: "{"):
                containers.append([])
                expectKey = true
            case UInt8(ascii: "["):
                containers.append(nil)
                expectKey = false
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                _ = containers.popLast()
                expectKey = false
            case UInt8(ascii: ","):
                expectKey = containers.last.map { $0 != nil } ?? false
            case UInt8(ascii: "\""):
                var end = index + 1
                while end < bytes.count, bytes[end] != UInt8(ascii: "\"") {
                    end += bytes[end] == UInt8(ascii: "\\") ? 2 : 1
                }
                if expectKey, var keys = containers.last ?? nil {
                    let key = Array(bytes[(index + 1)..<min(end, bytes.count)])
                    guard keys.insert(key).inserted else {
                        return (String(decoding: key, as: UTF8.self), line)
                    }
                    containers[containers.count - 1] = keys
                    expectKey = false
                }
                index = end
            default:
                break
            }
            index += 1
        }
        return nil
    }
}
