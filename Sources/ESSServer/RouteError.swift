/// What a route refuses before calling the master, as facts; `ErrorAnswer` words them.
enum RouteError: Error, Sendable, Equatable {
    /// A query parameter or body the server cannot use (400): its name and what is expected.
    case badQuery(name: String, problem: String)
    /// A path id that names nothing (404): `job`, `execution` or `slice`, and the text given.
    case noSuch(kind: String, id: String)
    /// A slice with no committed output (404).
    case noOutput(exID: Int64, slice: Int64)
}
