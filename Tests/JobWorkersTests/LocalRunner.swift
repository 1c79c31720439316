import Foundation

@testable import JobWorkers

/// A slot runner's script (`WorkerScripts.runner`) run by a local `/bin/sh` (no SSH) in a scratch
/// home: the requests go in, its input ends, and what it wrote comes back as `RunnerFrames` events.
struct LocalRunner {
    let home: String
    var token = "ess-feedc0de"
    var current = WorkerScripts(exID: 9).current
    var path = "/usr/bin:/bin"

    /// Sends `requests`, ends the runner's input, and returns its pid and what it wrote, as
    /// events (adjacent output and stderr bytes merged).
    func run(_ requests: [String]) throws -> (pid: Int32, events: [RunnerFrames.Event]) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", WorkerScripts.runner(token: token, current: current)]
        process.currentDirectoryURL = URL(fileURLWithPath: home)
        process.environment = ["HOME": home, "PATH": path]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(requests.joined().utf8))
        try input.fileHandleForWriting.close()
        let bytes = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var frames = RunnerFrames(token: token)
        var merged: [RunnerFrames.Event] = []
        for event in bytes.withUnsafeBytes({ frames.feed($0) }) {
            switch (merged.last, event) {
            case (.output(let a)?, .output(let b)): merged[merged.count - 1] = .output(a + b)
            case (.stderr(let a)?, .stderr(let b)): merged[merged.count - 1] = .stderr(a + b)
            default: merged.append(event)
            }
        }
        return (process.processIdentifier, merged)
    }
}
