import ArgumentParser
import ESSCore
import ESSMaster
import ESSServer
import Foundation
import HTTPClient
import JobAPI
import Platform

/// `ess serve`: this directory's master in the foreground (or `--detach`ed), with `status` and
/// `stop`. Its store is `.conf/ess.db`, slice outputs go to `.conf/jobs/`, and
/// `.conf/master.json` says where it listens while it runs.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run this directory's job master (HTTP API on loopback, port 5678).",
        discussion: """
            The master owns every execution of this directory's jobs: the `ess job` commands and
            curl talk to it. It keeps its store in .conf/ess.db and slice outputs in .conf/jobs/,
            and takes up the unfinished executions a killed master left. SIGTERM or Ctrl-C ends
            running executions as `terminated` (recover them later) and exits 0.

            Every route but GET /v1 needs the API token, made on the first start in
            ESS_AWS_DIR/ess/api-token (0600): send `Authorization: Bearer TOKEN`,
            or HTTP Basic with the token as the user name. `ess` commands read it
            from there. --no-auth drops the token, on a loopback address only. An
            address other than loopback needs TLS (--tls-cert, --tls-key), or
            --insecure-http.

            Examples:
              ess serve                          # foreground, http://127.0.0.1:5678
              ess serve --listen 127.0.0.1:0     # any free port (see .conf/master.json)
              ess serve --detach                 # background, log in .conf/master.log
              ess serve --listen 10.0.0.5:5678 --tls-cert master.pem --tls-key master.key
              curl -u "$(cat ~/.aws/ess/api-token):" 127.0.0.1:5678/v1/jobs
              ess serve status
              ess serve stop
            """,
        subcommands: [ServeStatusCommand.self, ServeStopCommand.self]
    )

    @Option(help: ArgumentHelp("Address and port to listen on; port 0 picks a free one.", valueName: "host:port"))
    var listen = "127.0.0.1:5678"

    @Flag(help: "Start the master in the background, wait until it answers, print its URL and pid.")
    var detach = false

    @Option(name: .customLong("log-file"), help: .hidden)
    var logFile: String?

    @OptionGroup var access: ServeAccessOptions

    func validate() throws {
        let (host, _) = try Self.address(listen)
        try access.validate(host: host)
    }

    func run() async throws {
        let place = MasterPlace(directory: FileManager.default.currentDirectoryPath)
        let environment = ProcessInfo.processInfo.environment
        let retention = try Self.notificationRetention(environment: environment)
        if detach { return try startDetached(place) }
        if let logFile { try Self.redirectOutput(to: logFile) }
        let (host, port) = try Self.address(listen)
        access.warn(host: host)
        try FileManager.default.createDirectory(atPath: place.conf, withIntermediateDirectories: true)
        let lock = try place.lockOrRefuse()
        defer { lock.unlock() }
        let (settings, tokenNote) = try access.settings(host: host, port: port, directory: place.directory)
        FileLimit.raiseToHardLimit()
        var notifications = try Self.notificationSettings(environment: environment)
        notifications.retention = retention
        var configuration = MasterConfiguration(directory: place.directory, server: settings, workers: .clusterNodes(environment: environment))
        configuration.storePath = place.store
        configuration.outputRoot = place.outputs
        configuration.notifications = notifications
        configuration.clusters.maxNodes = Self.maxNodes(environment: environment)
        configuration.describeError = ErrorRenderer.message(for:)
        configuration.objectStores = S3ObjectStore.source(environment: environment, homeDirectory: NSHomeDirectory(), logger: configuration.logger)
        configuration.clusters.folders = { folder in
            CommonOptions.context(directory: folder, verbose: false, lockTimeout: 30, credentials: nil, sink: SilentSink(), cancellation: nil)
        }
        let started = Date()
        configuration.onReady = { ready in
            Self.announce(ready, place: place, certificate: settings.tls?.certificate, note: tokenNote, started: started)
        }
        let master = try buildMaster(configuration)
        do {
            try await master.run()
        } catch {
            place.removeRecord(ifPID: getpid())
            throw ESSError(.unavailable, "the master could not listen on \(listen) (\(error)); pass another --listen, e.g. 127.0.0.1:0 for any free port")
        }
        place.removeRecord(ifPID: getpid())
        let ended = master.endedExecutions
        let note = ended == 0 ? "" : "; \(ended) running execution\(ended == 1 ? " is" : "s are") terminated (recover with `ess job recover ID`)"
        print("ess master stopped\(note)")
    }

    /// Once the port is bound and unfinished executions are taken up: publish master.json, say so.
    static func announce(_ ready: MasterReady, place: MasterPlace, certificate: String?, note: String, started: Date) {
        let record = MasterRecord(pid: getpid(), url: ready.url, started: APIDate.string(started), directory: place.directory, certificate: certificate)
        do {
            try place.write(record)
        } catch {
            FileHandle.standardError.write(Data("ess: could not write \(place.record): \(error)\n".utf8))
        }
        var line = "ess master for \(place.directory) listening on \(ready.url) (pid \(getpid())); store .conf/ess.db; \(note)"
        switch ready.takenUp {
        case .success(let taken) where !taken.isEmpty:
            line += "; took up unfinished execution\(taken.count == 1 ? "" : "s") \(taken.map(String.init).joined(separator: ", "))"
        case .failure(let error):
            line += "; could not take up unfinished executions: \(error)"
        default:
            break
        }
        print(line)
        fflush(nil)
    }

    func startDetached(_ place: MasterPlace) throws {
        access.warn(host: try Self.address(listen).0)
        try FileManager.default.createDirectory(atPath: place.conf, withIntermediateDirectories: true)
        try place.lockOrRefuse().unlock()
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let arguments = ["serve", "--listen", listen, "--log-file", place.log] + access.arguments(directory: place.directory)
        let pid = try ChildProcess.spawnDetached(executable, arguments)
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if let record = place.readRecord(), record.pid == pid, Self.answers(record.url, certificate: record.certificate) {
                print("ess master started in the background: \(record.url) (pid \(pid)); log .conf/master.log; stop it with `ess serve stop`")
                return
            }
            guard ProcessTable.isAlive(pid) else {
                var status: Int32 = 0
                _ = waitpid(pid, &status, WNOHANG)
                throw ESSError(.failure, "the master exited at once: \(place.lastLogLine() ?? "no log"); see .conf/master.log")
            }
            usleep(50_000)
        }
        throw ESSError(.unavailable, "the master (pid \(pid)) did not answer within 60 s; see .conf/master.log, and `ess serve stop` to end it")
    }

    /// Whether `GET {url}/v1` (open to all) answers 200; an https master is checked against
    /// the certificate it presents.
    static func answers(_ url: String, certificate: String?) -> Bool {
        guard let target = URL(string: url + "/v1") else { return false }
        let transport = CurlTransport(connectTimeout: 2, timeout: 5, proxy: ProxySettings(environment: [:]), caFile: certificate)
        return (try? transport.send(HTTPRequest(method: "GET", url: target)).status) == 200
    }

    /// `host:port` (`[::1]:port` for IPv6).
    static func address(_ text: String) throws -> (String, Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
            throw ValidationError("--listen takes host:port such as 127.0.0.1:5678 (port 0: any free one), not `\(text)`")
        }
        let host = text[..<colon].trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        guard !host.isEmpty else { throw ValidationError("--listen needs a host before the port, such as 127.0.0.1:\(port)") }
        return (host, port)
    }

    static func redirectOutput(to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw ESSError(.failure, "cannot open the log \(path): \(String(cString: strerror(errno)))") }
        dup2(fd, STDOUT_FILENO)
        dup2(fd, STDERR_FILENO)
        close(fd)
    }
}
