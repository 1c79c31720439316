import JobModel
import Jobs

/// A worker source whose errors reach the master worded (`MasterConfiguration.describeError`):
/// the master shows the text of a worker source's error as the reason an execution failed, and
/// the libraries' facts carry no words.
struct WordedWorkerSource: WorkerSource {
    let source: any WorkerSource
    let describe: @Sendable (any Error) -> String

    func connect(exID: Int64, spec: JobSpec) throws -> [any WorkerLink] {
        try worded { try source.connect(exID: exID, spec: spec) }
    }

    func inventory() throws -> [WorkerNode] {
        try worded { try source.inventory() }
    }

    func worded<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw WordedFailure(reason: describe(error))
        }
    }
}

/// An error already worded for people: its description is its sentence.
struct WordedFailure: Error, CustomStringConvertible {
    let reason: String

    var description: String { reason }
}
