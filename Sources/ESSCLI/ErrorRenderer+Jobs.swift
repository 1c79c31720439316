import ESSCore
import Foundation
import HTTPClient
import JobAPI
import JobClient
import JobModel

/// Words what the master's client reports: the master's error documents, a master that does
/// not answer, a refused action, naming the `ess job` and `ess serve` commands that help.
extension ErrorRenderer {
    static func message(for error: JobClientError) -> String {
        let serve = "`ess serve status` tells whether it runs"
        switch error {
        case .api(let status, let body, _, _):
            return message(status: status, body)
        case .refused(let action, let target, let exID, let status, let message):
            return refusal(action, target, exID: exID, status: status, message: message)
        case .unreachable(let master, let transport):
            switch transport.kind {
            case .connect:
                return "the master at \(master) does not answer (\(transport.detail)); it may have stopped or be restarting: \(serve), and with ESS_MASTER unset any `ess job` command starts one"
            case .timeout:
                return "the master at \(master) did not answer in time; it may be overloaded or stuck: \(serve); `ess serve stop` then any `ess job` command starts it again"
            case .resolve:
                return "could not resolve the master's host in \(master) (\(transport.detail)); check ESS_MASTER"
            case .connectionLost:
                return "the connection to the master at \(master) broke (\(transport.detail)); it may have restarted: try again, and \(serve)"
            case .tls, .other:
                return "the request to the master at \(master) failed (\(transport.detail)); check ESS_MASTER and \(serve)"
            }
        case .undecodable(let status, let method, let path, let detail):
            return "the master answered \(method) \(path) with HTTP \(status) in a form this ess does not read (\(detail)); is ESS_MASTER an ess master of the same version?"
        case .badMasterURL(let value):
            return "ESS_MASTER must be the master's URL, such as http://127.0.0.1:5678, not `\(value.prefix(80))`"
        case .notAnswering(let url, let pid, let attempts):
            return "the master of this directory (pid \(pid), \(url)) did not answer after \(attempts) tries; it may be restarting: try again in a moment, or `ess serve stop` and let the next `ess job` command start a new one"
        case .startFailed(let status, let output):
            let said = output.isEmpty ? "" : ": \(output)"
            return "could not start a master for this directory (`ess serve --detach` exited \(status))\(said); start it yourself with `ess serve` to see why"
        case .startedButSilent(let url):
            return "a master was started for this directory but did not answer\(url.map { " at \($0)" } ?? ""); see `ess serve status`, or start it in the foreground with `ess serve` to see why"
        }
    }

    /// The master's own sentence, with the field of a bad spec and what to do in `ess` terms.
    static func message(status: Int, _ body: APIErrorDocument.Body) -> String {
        switch status {
        case 400 where body.field != nil, 422 where body.field != nil:
            let field = body.field ?? ""
            let problem = problem(of: body.message, field: field)
            guard !field.isEmpty else { return "the job spec is not accepted: \(problem); fix it and run it again (nothing was stored)" }
            let joined = problem.hasPrefix("is ") ? " \(problem)" : ": \(problem)"
            return "the job spec's field `\(field)`\(joined); fix it and run it again (nothing was stored)"
        case 404:
            let what = firstClause(body.message)
            if let job = what.firstMatch(of: /job (\d+) has no execution/) {
                return "\(what); start it with `ess job start \(job.1)`"
            }
            return "\(what); `ess job list` lists the jobs and their latest executions"
        case 401:
            let path = ESSPaths(workingDirectory: FileManager.default.currentDirectoryPath, environment: ProcessInfo.processInfo.environment).apiTokenFile
            return "the master did not accept the API token in \(path) (or there is none there): it must be the one that master made; set ESS_AWS_DIR to the folder the master uses"
        case 429:
            return "the master turns requests from this address away for a moment after too many wrong API tokens; try again in a few seconds, and check that the programs using it send the token in the file `ess serve` names"
        case 413:
            return "\(firstClause(body.message)); a job spec must be under 1 MB: name input files with a glob rather than one by one"
        case 500:
            return "\(firstClause(body.message)); the master's log says more (`ess serve status` shows where it runs)"
        default:
            return firstClause(body.message, keepAdvice: true)
        }
    }

    /// What the master said is wrong with `field`: the words after "`field`: ", without the closing period.
    static func problem(of message: String, field: String) -> String {
        var text = message
        if let range = text.range(of: "`\(field)`: ") { text = String(text[range.upperBound...]) }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// The master's sentence as a clause: first letter lowercased, no closing period, and without
    /// its advice (after "; ", which names HTTP routes) unless `keepAdvice`.
    static func firstClause(_ message: String, keepAdvice: Bool = false) -> String {
        var text = keepAdvice ? message : String(message.components(separatedBy: "; ")[0])
        if text.hasSuffix(".") { text.removeLast() }
        guard let first = text.first, first.isUppercase, text.dropFirst().first?.isLowercase == true else { return text }
        return first.lowercased() + text.dropFirst()
    }

    static func refusal(_ action: JobAction, _ target: JobTarget, exID: String?, status: String?, message: String) -> String {
        guard let exID, let status else { return firstClause(message, keepAdvice: true) }
        let job = target.jobWord
        let ended = ExecutionStatus(rawValue: status)?.isTerminal ?? false
        if ended && [.recover, .start, .delete].contains(action) { return firstClause(message, keepAdvice: true) }
        switch action {
        case .stop: return "execution \(exID) is \(status); it cannot be stopped"
        case .pause: return "execution \(exID) is \(status); it cannot be paused (only a running one can)"
        case .resume: return "execution \(exID) is \(status); it cannot be resumed (only a paused one can)"
        case .recover:
            return "execution \(exID) is \(status); it cannot be recovered until it ends (`ess job stop \(job)` first)"
        case .start:
            return "execution \(exID) of \(target) is \(status); a new one cannot start until it ends (`ess job wait \(job)`, or `ess job stop \(job)`)"
        case .delete:
            return "execution \(exID) of \(target) is \(status); the job cannot be deleted until it ends (`ess job stop \(job)` first)"
        }
    }
}

extension JobTarget {
    /// How to name the target on an `ess job` command line: `3` or `--ex 4`.
    var jobWord: String {
        switch self {
        case .job(let id): return id
        case .execution(let id): return "--ex \(id)"
        }
    }
}
