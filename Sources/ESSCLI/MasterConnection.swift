import ESSCore
import Foundation
import JobClient
import Platform

/// Finds this directory's master (see `MasterLocator`) and makes its client, which sends the
/// API token (`ESS_AWS_DIR/ess/api-token`) and checks an https master's certificate against
/// `ESS_MASTER_CA`, or the certificate `.conf/master.json` names, or the system's; when it had
/// to start a master, says so on stderr: where it listens and how to stop it.
enum MasterConnection {
    static func client() throws -> MasterClient {
        let environment = ProcessInfo.processInfo.environment
        let directory = FileManager.default.currentDirectoryPath
        let locator = MasterLocator(
            directory: directory, environment: environment,
            isAlive: { ProcessTable.isAlive($0, running: " serve") },
            answers: { url in
                let ca = trustedCertificate(for: url, directory: directory, environment: environment)
                return (try? MasterClient(baseURL: url, environment: environment, timeout: 2, caFile: ca).master()) != nil
            },
            start: { try startMaster(in: directory) })
        let found = try locator.locate()
        if found.started {
            let pid = found.pid.map { " (pid \($0))" } ?? ""
            FileHandle.standardError.write(Data("ess: started a master for this directory at \(found.url)\(pid); stop it with `ess serve stop`\n".utf8))
        }
        return try client(url: found.url, directory: directory, environment: environment)
    }

    /// The client of the master at `url`, with the token and the certificate to trust.
    static func client(url: String, directory: String, environment: [String: String], timeout: Double = 30) throws -> MasterClient {
        let token = try APITokenFile(environment: environment, directory: directory).read()
        let ca = trustedCertificate(for: url, directory: directory, environment: environment)
        return MasterClient(baseURL: url, environment: environment, timeout: timeout, token: token, caFile: ca)
    }

    /// `ESS_MASTER_CA` when set; else, for the master `.conf/master.json` names, the certificate
    /// it presents; else nil (the system's certificates).
    static func trustedCertificate(for url: String, directory: String, environment: [String: String]) -> String? {
        if let given = environment["ESS_MASTER_CA"], !given.isEmpty { return given }
        guard let record = MasterPlace(directory: directory).readRecord(), record.url == url else { return nil }
        return record.certificate
    }

    /// Runs `ess serve --detach` (this same binary) and waits for it to return; its output goes
    /// to a file, not a pipe, so a master that kept the descriptor could not hold this process.
    static func startMaster(in directory: String) throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("ess-serve-\(getpid()).log").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        guard FileManager.default.createFile(atPath: log, contents: nil), let output = FileHandle(forWritingAtPath: log) else {
            throw JobClientError.startFailed(status: -1, output: "could not write \(log)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: selfExecutable)
        process.arguments = ["serve", "--detach"]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = output
        do {
            try process.run()
        } catch {
            throw JobClientError.startFailed(status: -1, output: "\(error)")
        }
        try? output.close()
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            ProcessTable.stop(process.processIdentifier)
            throw JobClientError.startFailed(status: -1, output: "`ess serve --detach` did not return within 60 s")
        }
        guard process.terminationStatus == 0 else {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            let last = text.split(whereSeparator: \.isNewline).suffix(2).joined(separator: " ")
            throw JobClientError.startFailed(status: process.terminationStatus, output: String(last.suffix(300)))
        }
    }

    /// This binary, through /proc (so a relative argv[0] or a changed directory does not matter).
    static var selfExecutable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}
