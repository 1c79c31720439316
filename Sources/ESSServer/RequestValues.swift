import Foundation
import Hummingbird
import JobAPI
import JobModel
import MasterModel

/// Reading paging and options from a request; anything unusable is a `RouteError.badQuery`.
extension Request {
    /// The largest body the master reads.
    static let bodyLimit = 1 << 20

    func query(_ name: String) -> String? { uri.queryParameters[name[...]].map(String.init) }

    func queryAll(_ name: String) -> [String] { uri.queryParameters[values: name[...]].map(String.init) }

    /// `from` and `size` as Teraslice pages lists: size 100 unless given, at most 1000.
    func paging() throws -> (from: Int, size: Int) {
        let from = try integer("from", in: 0...Int(Int32.max)) ?? 0
        let size = try integer("size", in: 0...1000) ?? 100
        return (from, size)
    }

    func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = query(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw RouteError.badQuery(name: name, problem: "expected a whole number from \(range.lowerBound) to \(range.upperBound), found `\(text.prefix(40))`")
        }
        return value
    }

    func number(_ name: String, in range: ClosedRange<Double>) throws -> Double? {
        guard let text = query(name) else { return nil }
        guard let value = Double(text), value.isFinite, range.contains(value) else {
            throw RouteError.badQuery(name: name, problem: "expected a number of seconds from \(Int(range.lowerBound)) to \(Int(range.upperBound)), found `\(text.prefix(40))`")
        }
        return value
    }

    /// `offset` (default 0) and `limit` (default `limit`, at most `most`), as the dialects page lists.
    func offsetLimit(limit: Int, most: Int) throws -> (offset: Int, limit: Int) {
        (try integer("offset", in: 0...Int(Int32.max)) ?? 0, try integer("limit", in: 0...most) ?? limit)
    }

    /// One of `T`'s words (`sort=created`), `value` when absent.
    func word<T: RawRepresentable & CaseIterable>(_ name: String, default value: T) throws -> T where T.RawValue == String {
        guard let text = query(name) else { return value }
        guard let word = T(rawValue: text) else {
            let known = T.allCases.map(\.rawValue)
            throw RouteError.badQuery(name: name, problem: "expected \(known.dropLast().joined(separator: ", ")) or \(known.last ?? ""), found `\(text.prefix(40))`")
        }
        return word
    }

    /// `direction`: `desc` is true, `asc` false; `value` when absent.
    func descending(default value: Bool) throws -> Bool {
        switch query("direction")?.lowercased() {
        case nil: return value
        case "asc": return false
        case "desc": return true
        case let other?: throw RouteError.badQuery(name: "direction", problem: "expected asc or desc, found `\(other.prefix(40))`")
        }
    }

    /// `since`: an ISO 8601 instant (`2026-12-02T10:00:00Z`); nil when absent.
    func instant(_ name: String) throws -> Date? {
        guard let text = query(name) else { return nil }
        guard let date = APIDate.instant(text) else {
            throw RouteError.badQuery(name: name, problem: "expected an ISO 8601 time in UTC (2026-12-02T10:00:00Z), found `\(text.prefix(40))`")
        }
        return date
    }

    func flag(_ name: String, default value: Bool) throws -> Bool {
        guard let text = query(name) else { return value }
        switch text.lowercased() {
        case "true", "1", "yes", "": return true
        case "false", "0", "no": return false
        default: throw RouteError.badQuery(name: name, problem: "expected true or false, found `\(text.prefix(40))`")
        }
    }

    /// `var=NAME=VALUE`, repeated.
    func variables() throws -> [String: String] {
        var out: [String: String] = [:]
        for pair in queryAll("var") {
            // The first `=` scalar: a value may begin with a mark that joins it into one Character.
            guard let equals = pair.unicodeScalars.firstIndex(of: "="), equals != pair.startIndex else {
                throw RouteError.badQuery(name: "var", problem: "expected NAME=VALUE, found `\(pair.prefix(60))`")
            }
            out[String(pair.unicodeScalars[..<equals])] = String(pair.unicodeScalars[pair.unicodeScalars.index(after: equals)...])
        }
        return out
    }

    /// Statuses named in a comma-separated parameter (`status=running,paused`); nil when absent.
    func statuses(_ name: String) throws -> [ExecutionStatus]? {
        guard let text = query(name), !text.isEmpty else { return nil }
        return try text.split(separator: ",").map { word in
            guard let status = ExecutionStatus(rawValue: String(word)) else {
                let known = ExecutionStatus.allCases.map(\.rawValue).joined(separator: ", ")
                throw RouteError.badQuery(name: name, problem: "`\(word.prefix(40))` is not a status; expected one of \(known)")
            }
            return status
        }
    }

    func sliceStates(_ name: String) throws -> [SliceState] {
        guard let text = query(name), !text.isEmpty else { return [] }
        return try text.split(separator: ",").map { word in
            guard let state = SliceState(rawValue: String(word)) else {
                throw RouteError.badQuery(name: name, problem: "`\(word.prefix(40))` is not a slice state; expected pending, start, completed or error")
            }
            return state
        }
    }

    func cleanup() throws -> RecoveryCleanup? {
        guard let text = query("cleanup_type") ?? query("cleanup") else { return nil }
        guard let cleanup = RecoveryCleanup(rawValue: text) else {
            throw RouteError.badQuery(name: "cleanup_type", problem: "expected errors, pending or all, found `\(text.prefix(40))`")
        }
        return cleanup
    }

    /// The body, at most `bodyLimit` bytes (more: 413).
    mutating func bodyData() async throws -> Data {
        let buffer = try await collectBody(upTo: Self.bodyLimit)
        return Data(buffer.readableBytesView)
    }
}

extension BasicRequestContext {
    /// A numeric id from the path (`:id`, `:ex_id`, `:n`); any other text names nothing.
    func pathID(_ name: String, kind: String) throws -> Int64 {
        let text = parameters.get(name) ?? ""
        guard let value = Int64(text), value >= 0 else { throw RouteError.noSuch(kind: kind, id: String(text.prefix(40))) }
        return value
    }
}
