/// Why a job spec was refused: the field (a dotted path such as `inputs.range.per_slice`, or
/// empty for the document itself) and what was expected there. The CLI and the server word it.
public struct JobSpecError: Error, Sendable, Equatable, CustomStringConvertible {
    public let field: String
    public let problem: String
    /// The spec is valid by the contract's schema but cannot be used: it names something the
    /// master does not have (a glob matching no file on it), or its fields disagree in a way no
    /// schema can say (a range ending before it starts or making too many slices, a placeholder
    /// with no value): the API answers 422 rather than 400.
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
