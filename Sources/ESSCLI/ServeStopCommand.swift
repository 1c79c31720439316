import ArgumentParser
import ESSCore
import Foundation

/// `ess serve stop`: SIGTERM to this directory's master (after checking the recorded pid
/// really is it), then waits for it to exit.
struct ServeStopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop",
        abstract: "Stop this directory's master; its running executions end as `terminated`.",
        discussion: """
            Example:
              ess serve stop
            """
    )

    @Option(help: "Seconds to wait for the master to exit.")
    var timeout: Double = 60

    func validate() throws {
        guard timeout.isFinite, (0...3600).contains(timeout) else { throw ValidationError("--timeout takes seconds from 0 to 3600, not \(timeout)") }
    }

    func run() throws {
        let place = MasterPlace(directory: FileManager.default.currentDirectoryPath)
        guard let record = place.running() else {
            print("no master runs for this directory; nothing to stop")
            return
        }
        guard kill(record.pid, SIGTERM) == 0 else {
            throw ESSError(.failure, "could not signal the master (pid \(record.pid)): \(String(cString: strerror(errno)))")
        }
        let deadline = Date().addingTimeInterval(timeout)
        while place.isThisMaster(record.pid) {
            guard Date() < deadline else {
                throw ESSError(.unavailable, "the master (pid \(record.pid)) has not exited after \(Int(timeout)) s; see .conf/master.log, and end it with `kill \(record.pid)` if it is stuck")
            }
            var status: Int32 = 0
            _ = waitpid(record.pid, &status, WNOHANG)
            usleep(50_000)
        }
        print("master stopped (pid \(record.pid), \(record.url))")
    }
}
