import Foundation
import Hummingbird
import JobAPI

/// Agave's job search: every query parameter but `limit`, `offset`, `filter`, `pretty` and `naked` is a
/// term `field.op=value` (`status.eq=RUNNING`, `name.like=*sort*`, `submitTime.after=2026-12-01`;
/// no op means `eq`), and a job matches when every term holds. Text compares without case;
/// `like` takes `*` wildcards; `in`/`nin` take a comma-separated list; times take ISO 8601 dates
/// or instants (`on`, `before`, `after`, `between=A,B`). A term that cannot be read is a 400.
struct AgaveSearch: Sendable {
    enum Op: String, CaseIterable, Sendable {
        case eq, neq, lt, lte, gt, gte, like, nlike, `in`, nin, on, before, after, between
    }

    enum Kind: Sendable { case text, number, time }

    /// A field's value in one job.
    enum Value {
        case text(String?), number(Double?), time(Date?)
    }

    struct Term: Sendable {
        let field: String
        let op: Op
        let values: [String]
    }

    static let reserved: Set<String> = ["limit", "offset", "pretty", "naked", "filter"]
    static let kinds: [String: Kind] = [
        "id": .number, "name": .text, "owner": .text, "appId": .text, "executionSystem": .text, "status": .text, "message": .text,
        "progress": .number, "retries": .number, "nodeCount": .number, "processorsPerNode": .number, "submitTime": .time,
        "startTime": .time, "endTime": .time, "created": .time, "lastUpdated": .time,
    ]

    let terms: [Term]

    init(_ request: Request) throws {
        var terms: [Term] = []
        for (key, value) in request.uri.queryParameters where !Self.reserved.contains(String(key)) {
            terms.append(try Self.term(String(key), String(value)))
        }
        self.terms = terms
    }

    static func term(_ key: String, _ value: String) throws -> Term {
        var field = key, op = Op.eq
        if let dot = key.lastIndex(of: "."), let named = Op(rawValue: key[key.index(after: dot)...].lowercased()) {
            field = String(key[..<dot])
            op = named
        }
        guard let name = kinds.keys.first(where: { $0.lowercased() == field.lowercased() }), let kind = kinds[name] else {
            throw RouteError.badQuery(name: key, problem: "is not a job field one can search on; expected one of \(kinds.keys.sorted().joined(separator: ", ")), each with .eq, .neq, .lt, .gt, .like, .in, … (or limit and offset)")
        }
        let allowed: Set<Op>
        switch kind {
        case .text: allowed = [.eq, .neq, .like, .nlike, .in, .nin]
        case .number: allowed = [.eq, .neq, .lt, .lte, .gt, .gte, .in, .nin]
        case .time: allowed = [.eq, .neq, .lt, .lte, .gt, .gte, .on, .before, .after, .between]
        }
        guard allowed.contains(op) else {
            throw RouteError.badQuery(name: key, problem: "`\(op.rawValue)` does not apply to \(name); expected one of \(allowed.map(\.rawValue).sorted().joined(separator: ", "))")
        }
        let values = [.in, .nin, .between].contains(op) ? value.split(separator: ",").map(String.init) : [value]
        if op == .between, values.count != 2 {
            throw RouteError.badQuery(name: key, problem: "expected two times separated by a comma, found `\(value.prefix(60))`")
        }
        for text in values {
            if kind == .number, Double(text) == nil {
                throw RouteError.badQuery(name: key, problem: "expected a number, found `\(text.prefix(40))`")
            }
            if kind == .time, time(text) == nil {
                throw RouteError.badQuery(name: key, problem: "expected an ISO 8601 date or time (2026-12-02 or 2026-12-02T10:00:00Z), found `\(text.prefix(40))`")
            }
        }
        return Term(field: name, op: op, values: values)
    }

    /// An ISO 8601 instant (with or without fractional seconds) or a day (its start, UTC).
    static func time(_ text: String) -> Date? {
        APIDate.instant(text) ?? (try? Date.ISO8601FormatStyle().year().month().day().parse(text))
    }

    func matches(_ job: AgaveJobDocument) -> Bool {
        terms.allSatisfy { term in Self.holds(term, Self.value(of: term.field, in: job)) }
    }

    static func value(of field: String, in job: AgaveJobDocument) -> Value {
        switch field {
        case "id": return .number(Double(job.id))
        case "name": return .text(job.name)
        case "owner": return .text(job.owner)
        case "appId": return .text(job.appId)
        case "executionSystem": return .text(job.executionSystem)
        case "status": return .text(job.status)
        case "message": return .text(job.message)
        case "progress": return .number(job.progress)
        case "retries": return .number(Double(job.retries))
        case "nodeCount": return .number(job.nodeCount.map(Double.init))
        case "processorsPerNode": return .number(job.processorsPerNode.map(Double.init))
        case "submitTime", "created": return .time(APIDate.date(job.submitTime))
        case "startTime": return .time(job.startTime.flatMap(APIDate.date))
        case "endTime": return .time(job.endTime.flatMap(APIDate.date))
        default: return .time(APIDate.date(job.lastUpdated))
        }
    }

    static func holds(_ term: Term, _ value: Value) -> Bool {
        let negated = [.neq, .nlike, .nin].contains(term.op)
        let positive: Bool
        switch value {
        case .text(let text?): positive = term.values.contains { pattern in text.range(of: regex(pattern, like: [.like, .nlike].contains(term.op)), options: [.regularExpression, .caseInsensitive]) != nil }
        case .number(let number?): positive = compare(number, term.op, term.values.compactMap(Double.init))
        case .time(let date?): positive = compareTime(date, term)
        default: positive = false
        }
        return negated ? !positive : positive
    }

    static func regex(_ pattern: String, like: Bool) -> String {
        let escaped = NSRegularExpression.escapedPattern(for: pattern)
        return "^" + (like ? escaped.replacingOccurrences(of: "\\*", with: ".*") : escaped) + "$"
    }

    static func compare<T: Comparable>(_ value: T, _ op: Op, _ given: [T]) -> Bool {
        guard let first = given.first else { return false }
        switch op {
        case .lt, .before: return value < first
        case .lte: return value <= first
        case .gt, .after: return value > first
        case .gte: return value >= first
        case .between: return given.count == 2 && value >= given[0] && value <= given[1]
        default: return given.contains(value)
        }
    }

    /// A day (no time given) covers its whole UTC day for `eq`/`on`; otherwise instants compare to the second.
    static func compareTime(_ date: Date, _ term: Term) -> Bool {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        let given = term.values.compactMap { time($0)?.timeIntervalSince1970.rounded(.down) }
        if [.eq, .neq, .on].contains(term.op), let day = term.values.first, !day.contains("T"), let start = given.first {
            return seconds >= start && seconds < start + 86_400
        }
        return compare(seconds, term.op, given)
    }
}
