import HTTPClient
import JobAPI

/// What went wrong between the `ess job` client and the master, as facts: the CLI's error
/// renderer words them. Never names `ess` commands itself.
public enum JobClientError: Error, Sendable, Equatable {
    /// The master answered with an error document (`status` is the HTTP status).
    case api(status: Int, error: APIErrorDocument.Body, method: String, path: String)
    /// The master refused an action (409) because of the status of the target's execution:
    /// `exID` and `status` as read right after the refusal (nil when that read failed too).
    case refused(action: JobAction, target: JobTarget, exID: String?, status: String?, message: String)
    /// No answer at all: refused, timed out, broke (`transport.kind` says which).
    case unreachable(master: String, transport: HTTPTransportError)
    /// An answer the client could not read as the document the route promises.
    case undecodable(status: Int, method: String, path: String, detail: String)
    /// `ESS_MASTER` is not an http(s) URL.
    case badMasterURL(String)
    /// `.conf/master.json` names a live process, but nothing answered at its URL after `attempts` tries.
    case notAnswering(url: String, pid: Int32, attempts: Int)
    /// Starting a master failed: the command's exit status and the last of what it printed.
    case startFailed(status: Int32, output: String)
    /// A master was started but did not answer in time.
    case startedButSilent(url: String?)
}

/// The actions the master may refuse for an execution's status.
public enum JobAction: String, Sendable, Equatable {
    case start, stop, pause, resume, recover, delete
}
