import Foundation
import Jobs

/// The bodies of `POST /v1/clusters` and `PUT /v1/clusters/{id}`: a JSON object of known
/// fields, each of its type; anything else is a `ClusterRequestError` naming the field.
enum ClusterBodies {
    struct Create: Decodable {
        var name: String?
        var nodes: Int?
        var type: String?
        var instance_type: String?
        var provider: String?
        var terminate_on_idle: Bool?
        var time_to_idle: Int?
    }

    struct Update: Decodable {
        var nodes: Int?
    }

    static let createFields = ["name", "nodes", "type", "instance_type", "provider", "terminate_on_idle", "time_to_idle"]

    static func create(_ body: Data) throws -> ClusterRequest {
        let given = try decode(Create.self, body, known: createFields, empty: "{}")
        return ClusterRequest(
            name: given.name, nodes: given.nodes, type: given.type, instanceType: given.instance_type, provider: given.provider,
            terminateOnIdle: given.terminate_on_idle ?? false, timeToIdle: given.time_to_idle.map(TimeInterval.init))
    }

    /// The node count a `PUT` asks for.
    static func resize(_ body: Data) throws -> Int {
        guard let nodes = try decode(Update.self, body, known: ["nodes"], empty: nil).nodes else {
            throw ClusterRequestError(field: "nodes", problem: "is required: send {\"nodes\": N} to resize the cluster")
        }
        return nodes
    }

    /// Decodes a JSON object refusing unknown fields and wrong types; `empty` stands for a
    /// blank body (nil: a blank body is refused).
    static func decode<T: Decodable>(_ type: T.Type, _ body: Data, known: [String], empty: String?) throws -> T {
        let blank = body.allSatisfy { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        let data = blank ? Data((empty ?? "").utf8) : body
        guard let top = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ClusterRequestError(field: "", problem: "the body must be a JSON object with \(known.map { "`\($0)`" }.joined(separator: ", "))")
        }
        if let unknown = top.keys.sorted().first(where: { !known.contains($0) }) {
            throw ClusterRequestError(field: unknown, problem: "is not a cluster field; known fields are \(known.joined(separator: ", "))")
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let DecodingError.typeMismatch(expected, context) {
            throw ClusterRequestError(field: path(context), problem: "expected \(words(expected))")
        } catch let DecodingError.dataCorrupted(context) {
            throw ClusterRequestError(field: path(context), problem: "expected a whole number")
        } catch let DecodingError.valueNotFound(expected, context) {
            throw ClusterRequestError(field: path(context), problem: "expected \(words(expected)), not null")
        }
    }

    static func path(_ context: DecodingError.Context) -> String {
        context.codingPath.map(\.stringValue).joined(separator: ".")
    }

    static func words(_ type: Any.Type) -> String {
        switch type {
        case is Bool.Type: "true or false"
        case is Int.Type: "a whole number"
        default: "a string"
        }
    }
}
