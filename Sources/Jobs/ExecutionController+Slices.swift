import Foundation
import JobModel
import MasterModel

/// Slices to workers: the command each runs, where its output goes, and the bytes it streams.
extension ExecutionController {
    /// Starts a slice's attempt on its worker; its end comes back through the mailbox.
    func start(_ input: SliceInput, on worker: String, attempt: Int) -> ScheduleEvent? {
        let index = input.index
        guard let link = links.first(where: { $0.name == worker }) else {
            return .sliceEnded(index: index, worker: worker, attempt: attempt, result: .lost(reason: "not connected"))
        }
        let output = spec.output.keptOnMaster ? SliceOutput(spillFolder: outputs.folder) : nil
        attemptOutputs[index] = output
        let run = SliceRun(
            index: index, command: command(for: input, worker: worker), stdin: input.stdin, timeout: spec.sliceTimeout, output: output,
            remoteOutput: spec.output == .file ? outputPath(index) : nil, fetches: fetches(for: input), upload: upload(for: index, attempt: attempt))
        let mailbox = self.mailbox
        handles[index] = link.start(run) { result in
            mailbox.post(.finished(index: index, worker: worker, attempt: attempt, result: result))
        }
        return nil
    }

    /// The command with this slice's values: the spec's variables, the slice's own
    /// (`{input}`, `{start}`, `{end}`) and the built-in ones.
    func command(for input: SliceInput, worker: String) -> String {
        var values = spec.variables
        values.merge(input.values) { _, slice in slice }
        values["slice"] = String(input.index)
        values["job_id"] = String(record.jobID)
        values["ex_id"] = String(exID)
        values["worker"] = worker
        values["output"] = outputPath(input.index)
        return CommandTemplate(spec.command).render(values)
    }

    /// Where a slice writes a file output on its worker, relative to the execution's folder there.
    func outputPath(_ index: Int64) -> String { "out/\(index)" }

    /// The bytes a slice streams to its command: its range, or to the end of its file when the
    /// range has no length; nil without standard input.
    static func inputBytes(_ input: SliceInput) -> Int64? {
        guard let range = input.stdin else { return nil }
        if let length = range.length { return length }
        var info = stat()
        guard stat(range.path, &info) == 0 else { return 0 }
        return max(0, Int64(info.st_size) - range.offset)
    }
}
