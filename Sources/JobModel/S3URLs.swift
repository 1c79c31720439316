/// The S3 URLs of a spec (`inputs.s3.url`, `output.s3`) with their `{NAME}` variables: each must
/// name a value (a variable, `{job_id}` or `{ex_id}`) and, filled in, be `s3://bucket/…`.
public enum S3URLs {
    /// Placeholders an S3 URL may use besides the spec's variables.
    public static let builtins: Set<String> = ["job_id", "ex_id"]

    /// Checks both URLs as the spec's parser does (with sample ids for the built-in names).
    static func check(inputs: JobInputs, output: JobOutput, variables: [String: String]) throws {
        if case .s3(let input) = inputs {
            _ = try location(input.url, field: "inputs.s3.url", values: sample(variables))
        }
        if case .s3(let url) = output {
            _ = try location(url, field: "output.s3", values: sample(variables))
        }
    }

    /// The location a URL names once its placeholders take `values`; a `JobSpecError` naming
    /// `field` when a placeholder has no value or the result is not an S3 URL.
    public static func location(_ url: String, field: String, values: [String: String]) throws -> S3Location {
        let template = CommandTemplate(url)
        if let missing = template.missing(given: Set(values.keys)).first {
            throw JobSpecError(field: field, problem: "the placeholder {\(missing)} has no value; give it one in `variables` or at run time", unusable: true)
        }
        switch S3Location.parse(template.fill(values)) {
        case .success(let location): return location
        case .failure(let problem):
            // The contract's schema says only `^s3://`: past that, a URL is valid but unusable (422).
            if case .notS3 = problem { throw JobSpecError(field: field, problem: "\(problem)") }
            throw JobSpecError(field: field, problem: "\(problem)", unusable: true)
        }
    }

    /// The input's and the output's locations for one execution.
    public static func resolve(_ spec: JobSpec, jobID: Int64, exID: Int64) throws -> (input: S3Location?, output: S3Location?) {
        var values = spec.variables
        values["job_id"] = String(jobID)
        values["ex_id"] = String(exID)
        var input: S3Location?
        var output: S3Location?
        if case .s3(let source) = spec.inputs { input = try location(source.url, field: "inputs.s3.url", values: values) }
        if case .s3(let url) = spec.output { output = try location(url, field: "output.s3", values: values) }
        return (input, output)
    }

    private static func sample(_ variables: [String: String]) -> [String: String] {
        var values = variables
        for name in builtins where values[name] == nil { values[name] = "1" }
        return values
    }
}
