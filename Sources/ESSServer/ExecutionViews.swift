import Foundation
import Hummingbird
import JobAPI
import JobModel
import Jobs

/// What the job routes and the execution routes share: one execution's document, statistics,
/// errors, history and control, each one master call off the event loops and one rendering.
struct ExecutionViews: Sendable {
    let master: JobMaster
    /// Where the master listens (an execution's `slicer_hostname` and `slicer_port`).
    let address: ListenAddress

    func document(_ exID: Int64) async throws -> Response {
        Answer.json(try await Blocking.run { try document(of: exID) })
    }

    /// One execution's document, read now (call off the event loops).
    func document(of exID: Int64) throws -> ExecutionDocument {
        try APIDocuments.execution(try master.execution(exID), try master.statistics(of: exID), master: master, address: address)
    }

    func statistics(_ exID: Int64) async throws -> Response {
        Answer.json(APIDocuments.statistics(try await Blocking.run { try master.statistics(of: exID) }))
    }

    func errors(_ exID: Int64, _ request: Request) async throws -> Response {
        let (from, size) = try request.paging()
        let slices = try await Blocking.run { try master.slices(of: exID, in: [.error], offset: from, size: size) }
        return Answer.json(slices.map(APIDocuments.slice))
    }

    func history(_ exID: Int64, _ request: Request) async throws -> Response {
        let (from, size) = try request.paging()
        return Answer.json(try await Blocking.run { try master.history(of: exID, from: from, size: size) }.map(APIDocuments.history))
    }

    /// `_stop` (with `?timeout=S`, default 10), `_pause`, `_resume`: the status after it, or 409
    /// naming the status that forbids it.
    func control(_ exID: Int64, _ name: String, _ request: Request) async throws -> Response {
        let control: ControlRequest
        switch name {
        case "stop": control = .stop(timeout: try request.number("timeout", in: 0...3600) ?? 10)
        case "pause": control = .pause
        default: control = .resume
        }
        let (jobID, status) = try await controlled(exID, name, control)
        return Answer.json(ControlAnswer(job_id: String(jobID), ex_id: String(exID), status: status.rawValue))
    }

    /// Sends a control request (named `name` in a refusal); the execution's job id and its
    /// status after it, or `JobMasterError.refused` (409) naming the status that forbids it.
    func controlled(_ exID: Int64, _ name: String, _ control: ControlRequest) async throws -> (jobID: Int64, status: ExecutionStatus) {
        let (jobID, reply) = try await Blocking.run { (try master.execution(exID).jobID, try master.control(exID: exID, control)) }
        switch reply {
        case .done(let status): return (jobID, status)
        case .refused(let status): throw JobMasterError.refused(request: name, exID: exID, status: status)
        }
    }

    func recover(_ exID: Int64, _ request: Request) async throws -> Response {
        let cleanup = try request.cleanup()
        let made = try await Blocking.run { try master.recover(exID: exID, cleanup: cleanup) }
        return Answer.json(SubmitAnswer(job_id: String(made.jobID), ex_id: made.exID.map(String.init)))
    }

    /// The job's current execution's id: its newest that has not ended, else its newest (404
    /// when the job or its execution is missing).
    func current(ofJob jobID: Int64) async throws -> Int64 {
        try await Blocking.run { try master.execution(ofJob: jobID).id ?? 0 }
    }
}
