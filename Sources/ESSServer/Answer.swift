import Foundation
import Hummingbird

/// Successful answers: JSON documents (sorted keys, indented, for people reading curl's output
/// too) and plain text.
enum Answer {
    static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data(#"{"error":{"code":"internal","message":"The answer could not be encoded."}}"#.utf8)
        return jsonData(data, status: status)
    }

    /// A JSON value made by `JSONSerialization` (a dialect's filtered answer), written as `json` writes.
    static func object(_ value: Any, status: HTTPResponse.Status = .ok) -> Response {
        let options: JSONSerialization.WritingOptions = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes, .fragmentsAllowed]
        return jsonData((try? JSONSerialization.data(withJSONObject: value, options: options)) ?? Data("null".utf8), status: status)
    }

    /// An encodable document as a JSON object, to add to or filter before `object` writes it.
    static func jsonObject<T: Encodable>(_ value: T) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: try JSONEncoder().encode(value)) as? [String: Any] ?? [:]
    }

    private static func jsonData(_ data: Data, status: HTTPResponse.Status) -> Response {
        var buffer = ByteBuffer(bytes: data)
        buffer.writeString("\n")
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: buffer))
    }

    static func text(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
