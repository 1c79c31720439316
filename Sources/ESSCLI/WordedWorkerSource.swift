import JobModel
import Jobs

/// A worker source whose facts (a cluster file or key that cannot be used) reach the master
/// worded by `ErrorRenderer`: the master shows the text of a worker source's error as the
/// reason an execution failed, and the libraries' facts carry no words.
struct WordedWorkerSource: WorkerSource {
    let source: any WorkerSource

    func connect(exID: Int64, spec: JobSpec) throws -> [any WorkerLink] {
        try worded { try source.connect(exID: exID, spec: spec) }
    }

    func inventory() throws -> [WorkerNode] {
        try worded { try source.inventory() }
    }

    /// Errors the renderer words become their sentence; others pass as they are.
    func worded<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            guard let (message, _) = ErrorRenderer.rendered(error) else { throw error }
            throw ESSError(.failure, message)
        }
    }
}
