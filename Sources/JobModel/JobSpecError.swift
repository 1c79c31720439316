/// Why a job spec was refused: the field (a dotted path such as `inputs.range.per_slice`, or
/// empty for the document itself) and what was expected there. The CLI and the server word it.
public struct JobSpecError: Error, Sendable, Equatable, CustomStringConvertible {
    public let field: String
    public let problem: String
    /// The spec is valid but names something the master cannot use (a glob matching no file on
    /// the master): the API answers 422 rather than 400.
    public let unusable: Bool

    public init(field: String, problem: String, unusable: Bool = false) {
        self.field = field
        self.problem = problem
        self.unusable = unusable
    }

    /// One sentence naming the field and what is expected.
    public var description: String {
        field.isEmpty ? problem : "`\(field)`: \(problem)"
    }
}
