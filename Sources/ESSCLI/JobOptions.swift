import ArgumentParser
import JobClient
import JobModel

/// `ID` or `--ex EX_ID`: what a job command acts on.
struct JobTargetOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The job's id.", valueName: "ID"))
    var id: String?

    @Option(name: .customLong("ex"), help: ArgumentHelp("An execution's id, instead of a job's (whose latest execution is meant).", valueName: "EX_ID"))
    var executionID: String?

    func validate() throws {
        switch (id, executionID) {
        case (nil, nil): throw ValidationError("name a job by its id (see `ess job list`), or an execution with --ex EX_ID")
        case (.some, .some): throw ValidationError("give a job ID or --ex EX_ID, not both")
        case (let id?, nil): try Self.checkID(id, "a job id")
        case (nil, let ex?): try Self.checkID(ex, "an execution id (--ex)")
        }
    }

    static func checkID(_ value: String, _ what: String) throws {
        guard !value.isEmpty, value.count <= 18, value.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw ValidationError("\(what) is a whole number such as 3, not `\(value.prefix(40))`")
        }
    }

    var target: JobTarget {
        if let executionID { return .execution(executionID) }
        return .job(id ?? "")
    }
}

/// `ID` alone, for the verbs that act on a stored job (start, delete).
struct JobIDArgument: ParsableArguments {
    @Argument(help: ArgumentHelp("The job's id.", valueName: "ID"))
    var id: String

    func validate() throws { try JobTargetOptions.checkID(id, "a job id") }
}

/// `--var NAME=VALUE`, repeated: values for the spec's `{NAME}` placeholders.
struct VariableOptions: ParsableArguments {
    @Option(name: .customLong("var"), help: ArgumentHelp("A value for the spec's {NAME} placeholder, overriding its `variables`; repeat for more.", valueName: "NAME=VALUE"))
    var assignments: [String] = []

    func validate() throws { _ = try Self.parse(assignments) }

    var pairs: [(String, String)] { (try? Self.parse(assignments)) ?? [] }

    static func parse(_ assignments: [String]) throws -> [(String, String)] {
        try assignments.map { assignment in
            guard let equals = assignment.firstIndex(of: "="), equals != assignment.startIndex else {
                throw ValidationError("--var takes NAME=VALUE (such as --var DAY=2026-12-01), not `\(assignment.prefix(60))`")
            }
            let name = String(assignment[..<equals])
            guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
                throw ValidationError("--var: `\(name.prefix(40))` is not a variable name; names are letters, digits and _")
            }
            return (name, String(assignment[assignment.index(after: equals)...]))
        }
    }
}

/// Execution statuses given on the command line (`--status`), checked against Teraslice's names.
enum StatusArgument {
    static func check(_ values: [String], flag: String = "--status") throws {
        let known = ExecutionStatus.allCases.map(\.rawValue)
        for value in values where !known.contains(value) {
            throw ValidationError("\(flag) takes one of \(known.joined(separator: ", ")), not `\(value.prefix(40))`")
        }
    }
}

/// Seconds given on the command line: finite, not negative, at most a day.
enum SecondsArgument {
    static func check(_ value: Double?, flag: String) throws {
        guard let value else { return }
        guard value.isFinite, (0...86_400).contains(value) else {
            throw ValidationError("\(flag) takes seconds from 0 to 86400, not \(value)")
        }
    }
}

/// `--cluster ID`: run on one of the master's API clusters (`/v1/clusters`) instead of this
/// directory's own cluster.
struct ClusterChoice: ParsableArguments {
    @Option(name: .customLong("cluster"), help: ArgumentHelp("Run on the master's API cluster with this id (`GET /v1/clusters`); default: this directory's cluster.", valueName: "ID"))
    var id: Int64?

    func validate() throws {
        if let id, id < 0 { throw ValidationError("--cluster takes a cluster id, a whole number from 0, not \(id)") }
    }
}
