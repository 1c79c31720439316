/// What a command acts on: a job (its latest execution, for the execution routes) or one
/// execution by its id. Ids are the small integers the master gives, as strings.
public enum JobTarget: Sendable, Equatable, CustomStringConvertible {
    case job(String)
    case execution(String)

    /// `/v1/jobs/{id}` or `/v1/ex/{ex_id}`: the prefix of the routes that take either.
    var path: String {
        switch self {
        case .job(let id): return "/v1/jobs/\(id)"
        case .execution(let id): return "/v1/ex/\(id)"
        }
    }

    public var description: String {
        switch self {
        case .job(let id): return "job \(id)"
        case .execution(let id): return "execution \(id)"
        }
    }
}
