import Foundation
import JobModel
import Jobs

/// The bodies of `POST /v1/clusters` and `PUT /v1/clusters/{id}`: a JSON object of known
/// fields, each of its type; anything else is a `ClusterRequestError` naming the field.
enum ClusterBodies {
    struct Create: Decodable {
        var name: String?
        var nodes: Double?
        var type: String?
        var instance_type: String?
        var provider: String?
        var terminate_on_idle: Bool?
        var time_to_idle: Double?
    }

    struct Update: Decodable {
        var name: String?
        var nodes: Double?
        var terminate_on_idle: Bool?
        var time_to_idle: Double?
    }

    static let createFields = ["name", "nodes", "type", "instance_type", "provider", "terminate_on_idle", "time_to_idle"]

    static func create(_ body: Data) throws -> ClusterRequest {
        let given = try decode(Create.self, body, known: createFields, empty: "{}")
        return ClusterRequest(
            name: given.name, nodes: try whole(given.nodes, "nodes"), type: given.type, instanceType: given.instance_type,
            provider: given.provider, terminateOnIdle: given.terminate_on_idle ?? false,
            timeToIdle: try whole(given.time_to_idle, "time_to_idle").map(TimeInterval.init))
    }

    /// What a `PUT` changes: at least one of its fields.
    static func update(_ body: Data) throws -> ClusterUpdate {
        let known = ["name", "nodes", "terminate_on_idle", "time_to_idle"]
        let given = try decode(Update.self, body, known: known, empty: nil)
        let change = ClusterUpdate(
            name: given.name, nodes: try whole(given.nodes, "nodes"), terminateOnIdle: given.terminate_on_idle,
            timeToIdle: try whole(given.time_to_idle, "time_to_idle").map(TimeInterval.init))
        guard change != ClusterUpdate() else {
            throw ClusterRequestError(field: "", problem: "it changes nothing; send {\"nodes\": N} to resize, or name, terminate_on_idle, time_to_idle")
        }
        return change
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
        // A field left out takes its default; one given as null is a value of the wrong type.
        if let null = JSONNull.firstPath(in: top) {
            throw ClusterRequestError(field: null, problem: "is null; give a value or leave the field out")
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let DecodingError.typeMismatch(expected, context) {
            throw ClusterRequestError(field: path(context), problem: "expected \(words(expected))")
        } catch let DecodingError.valueNotFound(expected, context) {
            throw ClusterRequestError(field: path(context), problem: "expected \(words(expected)), not null")
        } catch {
            throw ClusterRequestError(field: "", problem: "the body could not be read as cluster fields")
        }
    }

    /// A JSON number that must be a whole one.
    static func whole(_ value: Double?, _ field: String) throws -> Int? {
        guard let value else { return nil }
        guard value.rounded() == value, abs(value) < 1e9 else { throw ClusterRequestError(field: field, problem: "expected a whole number") }
        return Int(value)
    }

    static func path(_ context: DecodingError.Context) -> String {
        context.codingPath.map(\.stringValue).joined(separator: ".")
    }

    static func words(_ type: Any.Type) -> String {
        switch type {
        case is Bool.Type: "true or false"
        case is Double.Type: "a whole number"
        default: "a string"
        }
    }
}
