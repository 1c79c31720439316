import ArgumentParser
import Foundation
import JobAPI

/// `ess serve status`: whether this directory's master runs, its pid and URL, and how many
/// executions it runs.
struct ServeStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Say whether this directory's master runs: pid, URL, executions running.",
        discussion: """
            Examples:
              ess serve status
              ess serve status --json
            """
    )

    struct Report: Codable {
        var running: Bool
        var pid: Int32?
        var url: String?
        var started: String?
        var executions_running: Int?
    }

    @OptionGroup var output: OutputOptions

    func run() throws {
        let place = MasterPlace(directory: FileManager.default.currentDirectoryPath)
        guard let record = place.running() else {
            if output.json { return try JSONOutput.print(Report(running: false)) }
            let stale = place.readRecord().map { " (.conf/master.json names pid \($0.pid), which is not this directory's master)" } ?? ""
            print("no master runs for this directory\(stale); start one with `ess serve --detach`")
            return
        }
        let count = Self.runningExecutions(record.url, directory: place.directory)
        if output.json {
            return try JSONOutput.print(Report(running: true, pid: record.pid, url: record.url, started: record.started, executions_running: count))
        }
        let executions = count.map { "\($0) execution\($0 == 1 ? "" : "s") running" } ?? "not answering HTTP"
        print("master running: pid \(record.pid), \(record.url), since \(record.started); \(executions)")
    }

    /// How many executions `GET /v1/cluster/controllers` lists; nil when it does not answer.
    static func runningExecutions(_ url: String, directory: String) -> Int? {
        let environment = ProcessInfo.processInfo.environment
        guard let client = try? MasterConnection.client(url: url, directory: directory, environment: environment, timeout: 10) else { return nil }
        return try? client.clusterControllers().count
    }
}
