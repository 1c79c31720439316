import Hummingbird

/// Teraslice's `?ex=` on `GET /v1/jobs` and `GET /v1/jobs/{id}`: the fields of the job's current
/// execution to add under `ex`, comma-separated (`?ex=_status,assets`); empty, all of them.
/// Names the execution document does not have are left out, as Teraslice leaves them out.
struct JobExecutionFields: Sendable {
    /// nil: every field.
    let names: Set<String>?

    /// nil when the request has no `ex`.
    init?(_ request: Request) {
        guard let text = request.query("ex") else { return nil }
        let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        self.names = names.isEmpty ? nil : Set(names)
    }

    /// Those fields of an execution's document.
    func kept(of execution: [String: Any]) -> [String: Any] {
        guard let names else { return execution }
        return execution.filter { names.contains($0.key) }
    }
}
