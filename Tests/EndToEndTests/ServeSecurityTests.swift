import Foundation
import JobAPI
import Platform
import TestSupport
import XCTest

/// The master's access through the `ess` binary, curl and the CLI: the token made once (0600)
/// and sent by `ess` commands, never printed or logged; `--no-auth` only on loopback with its
/// Host check; an address other than loopback only with TLS or a loud `--insecure-http`; https
/// with the CLI trusting the master's certificate. Every master is stopped by its pid.
final class ServeSecurityTests: XCTestCase {
    var ess: EssHarness!
    var masters: [EssProcess] = []
    /// Masters started with --detach, by pid.
    var detached: [Int32] = []
    /// Everything the binary printed or logged, to look for the token in at the end.
    var printed: [String] = []

    override func setUp() { ess = EssHarness("ess-security") }

    override func tearDown() {
        for master in masters where master.process.isRunning {
            master.send(SIGTERM)
            _ = master.wait(timeout: 30)
        }
        for pid in detached { ProcessTable.stop(pid) }
        ess.cleanUp()
    }

    var recordPath: String { ess.work + "/" + MasterRecord.path }

    /// `ess serve ARGS` in the foreground of a child process, once its master.json names it.
    func startMaster(_ arguments: [String] = [], environment: [String: String] = [:]) throws -> (EssProcess, MasterRecord) {
        try? FileManager.default.removeItem(atPath: recordPath)
        let master = try EssProcess(ess, ["serve", "--listen", "127.0.0.1:0"] + arguments, environment: environment)
        masters.append(master)
        var record: MasterRecord?
        _ = eventually(within: 60, interval: 0.05) {
            if let data = FileManager.default.contents(atPath: recordPath), let written = try? JSONDecoder().decode(MasterRecord.self, from: data),
                written.pid == master.pid
            {
                record = written
            }
            return record != nil || !master.process.isRunning
        }
        if let record { return (master, record) }
        throw TestFailure("ess serve \(arguments) did not start: \(master.stdout) \(master.stderr)")
    }

    func stop(_ master: EssProcess) {
        master.send(SIGTERM)
        XCTAssertEqual(master.wait(timeout: 30), 0)
        printed += [master.stdout, master.stderr]
    }

    /// `curl -sS -o /dev/null -w %{http_code} ARGS URL`: the status as curl printed it.
    func status(_ url: String, _ arguments: [String] = []) throws -> String {
        let outcome = try ChildProcess.run("/usr/bin/env", ["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "20"] + arguments + [url])
        return String(decoding: outcome.stdout, as: UTF8.self)
    }

    @discardableResult
    func runEss(_ arguments: [String], environment: [String: String] = [:]) -> EssHarness.Run {
        let run = ess.run(arguments, timeout: 90, environment: environment)
        printed += [run.stdout, run.stderr]
        return run
    }

    func testTheFirstMasterMakesAPrivateTokenThatTheCLISendsAndNothingShows() throws {
        let (first, record) = try startMaster()
        XCTAssertEqual(PrivateFiles.mode(of: ess.apiTokenFile), 0o600)
        XCTAssertEqual(PrivateFiles.mode(of: ess.aws + "/ess"), 0o700)
        XCTAssertTrue(first.stdout.contains("made a new API token in \(ess.apiTokenFile)"), first.stdout)
        let token = try XCTUnwrap(ess.apiToken)
        XCTAssertEqual(token.count, 64)

        XCTAssertEqual(try status(record.url + "/v1"), "200")
        XCTAssertEqual(try status(record.url + "/v1/jobs"), "401")
        XCTAssertEqual(try status(record.url + "/v1/jobs", ess.curlTokenArguments()), "200")
        XCTAssertEqual(runEss(["job", "list"]).status, 0, "the CLI reads the token and sends it")
        let serveStatus = runEss(["serve", "status"])
        XCTAssertTrue(serveStatus.stdout.contains("0 executions running"), serveStatus.stdout)

        let elsewhere = ess.root + "/other-aws"
        try PrivateFiles.makeDirectory(elsewhere + "/ess")
        try PrivateFiles.createNew(elsewhere + "/ess/api-token", contents: Data((APIToken.random().secret + "\n").utf8))
        let refused = runEss(["job", "list"], environment: ["ESS_AWS_DIR": elsewhere])
        XCTAssertEqual(refused.status, 77, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("API token in \(elsewhere)/ess/api-token"), refused.stderr)

        stop(first)
        let (second, _) = try startMaster()
        XCTAssertTrue(second.stdout.contains("; API token in \(ess.apiTokenFile)"), second.stdout)
        XCTAssertEqual(ess.apiToken, token, "the next master keeps the token")
        stop(second)

        let detached = runEss(["serve", "--detach", "--listen", "127.0.0.1:0"])
        XCTAssertEqual(detached.status, 0, detached.stderr)
        if let data = FileManager.default.contents(atPath: recordPath), let record = try? JSONDecoder().decode(MasterRecord.self, from: data) {
            self.detached.append(record.pid)
        }
        XCTAssertEqual(runEss(["job", "list"]).status, 0)
        XCTAssertEqual(runEss(["serve", "stop"]).status, 0)
        printed.append((try? String(contentsOfFile: ess.work + "/.conf/master.log", encoding: .utf8)) ?? "")
        XCTAssertTrue(printed.last?.contains("API token in") == true)
        for text in printed { XCTAssertFalse(text.contains(token), "the token was printed: \(text)") }
    }

    func testRiskyListenAddressesAreRefusedOrLoud() throws {
        let cases: [([String], String)] = [
            (["--no-auth", "--listen", "0.0.0.0:0"], "--no-auth is refused with --listen 0.0.0.0"),
            (["--listen", "192.0.2.1:0"], "not a loopback address, so the master needs TLS: pass --tls-cert and --tls-key"),
            (["--tls-cert", "x.pem"], "--tls-cert and --tls-key go together"),
            (["--listen", "192.0.2.1:0", "--insecure-http", "--tls-cert", "a", "--tls-key", "b"], "contradict"),
            (["--read-timeout", "0"], "--read-timeout takes seconds"),
        ]
        for (arguments, words) in cases {
            let refused = runEss(["serve"] + arguments)
            XCTAssertEqual(refused.status, 64, "\(arguments): \(refused.stderr)")
            XCTAssertTrue(refused.stderr.contains(words), "\(arguments): \(refused.stderr)")
        }
        let loud = runEss(["serve", "--listen", "192.0.2.1:0", "--insecure-http"])
        XCTAssertTrue(loud.stderr.contains("WARNING: --insecure-http: the master serves plain HTTP on 192.0.2.1"), loud.stderr)
        XCTAssertEqual(loud.status, 69, "192.0.2.1 is no address of this machine: \(loud.stderr)")
        let missing = runEss(["serve", "--tls-cert", "none.pem", "--tls-key", "none.key"])
        XCTAssertEqual(missing.status, 65, missing.stderr)
        XCTAssertTrue(missing.stderr.contains("the TLS file \(ess.work)/none.pem"), missing.stderr)
    }

    func testHTTPSWithTheCLITrustingTheMastersCertificate() throws {
        let made = try SelfSignedCertificate(in: ess.root)
        let (master, record) = try startMaster(["--tls-cert", made.certificate, "--tls-key", made.key])
        XCTAssertTrue(record.url.hasPrefix("https://127.0.0.1:"), record.url)
        XCTAssertEqual(record.certificate, made.certificate)
        XCTAssertEqual(runEss(["job", "list"]).status, 0, "found through master.json, its certificate trusted")
        XCTAssertEqual(runEss(["job", "list"], environment: ["ESS_MASTER": record.url, "ESS_MASTER_CA": made.certificate]).status, 0)
        let byName = record.url.replacingOccurrences(of: "127.0.0.1", with: "localhost")
        XCTAssertEqual(runEss(["job", "list"], environment: ["ESS_MASTER": byName, "ESS_MASTER_CA": made.certificate]).status, 0)
        let untrusted = runEss(["job", "list"], environment: ["ESS_MASTER": byName])
        XCTAssertEqual(untrusted.status, 69, "not the recorded URL: the system's certificates, which do not know it: \(untrusted.stderr)")
        XCTAssertEqual(try status(record.url + "/v1/jobs", ["--cacert", made.certificate] + ess.curlTokenArguments()), "200")
        XCTAssertEqual(try status(record.url + "/v1/jobs", ["--cacert", made.certificate]), "401")
        stop(master)

        let detached = runEss(["serve", "--detach", "--listen", "127.0.0.1:0", "--tls-cert", made.certificate, "--tls-key", made.key, "--read-timeout", "5"])
        let again = try XCTUnwrap(FileManager.default.contents(atPath: recordPath).flatMap { try? JSONDecoder().decode(MasterRecord.self, from: $0) })
        self.detached.append(again.pid)
        XCTAssertEqual(detached.status, 0, detached.stderr)
        XCTAssertTrue(again.url.hasPrefix("https://"), "the detached master keeps TLS: \(again.url)")
        XCTAssertTrue(ProcessTable.commandLine(again.pid)?.contains("--read-timeout 5.0") == true, ProcessTable.commandLine(again.pid) ?? "")
        XCTAssertEqual(runEss(["job", "list"]).status, 0)
        XCTAssertEqual(runEss(["serve", "stop"]).status, 0)
    }

    func testNoAuthNeedsNoTokenButTheMastersOwnHost() throws {
        let (master, record) = try startMaster(["--no-auth"])
        XCTAssertTrue(master.stderr.contains("WARNING: --no-auth"), master.stderr)
        XCTAssertTrue(master.stdout.contains("no API token (--no-auth)"), master.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: ess.apiTokenFile), "no token is made")
        XCTAssertEqual(try status(record.url + "/v1/jobs"), "200")
        XCTAssertEqual(try status(record.url + "/v1/jobs", ["-H", "Host: attacker.example:80"]), "400")
        XCTAssertEqual(runEss(["job", "list"]).status, 0)
        stop(master)
    }

    func testMastersStartingAtOnceShareOneToken() throws {
        let folders = (0..<3).map { ess.root + "/project-\($0)" }
        let group = DispatchGroup()
        let runs = RunBox()
        for folder in folders {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            group.enter()
            Thread { [ess] in
                runs.append(ess!.run(["serve", "--detach", "--listen", "127.0.0.1:0"], in: folder, timeout: 90))
                group.leave()
            }.start()
        }
        group.wait()
        for folder in folders {
            if let data = FileManager.default.contents(atPath: folder + "/" + MasterRecord.path), let record = try? JSONDecoder().decode(MasterRecord.self, from: data) {
                detached.append(record.pid)
            }
        }
        for run in runs.all { XCTAssertEqual(run.status, 0, run.stderr) }
        let logs = folders.map { (try? String(contentsOfFile: $0 + "/.conf/master.log", encoding: .utf8)) ?? "" }
        XCTAssertEqual(logs.filter { $0.contains("made a new API token") }.count, 1, logs.joined())
        XCTAssertEqual(logs.filter { $0.contains("; API token in \(ess.apiTokenFile)") }.count, 2, logs.joined())
        for folder in folders {
            XCTAssertEqual(ess.run(["job", "list"], in: folder).status, 0, folder)
            XCTAssertEqual(ess.run(["serve", "stop"], in: folder).status, 0, folder)
        }
    }

    func testATokenFileOthersCanReadOrThatHoldsNoTokenIsRefused() throws {
        try PrivateFiles.makeDirectory(ess.aws + "/ess")
        try PrivateFiles.createNew(ess.apiTokenFile, contents: Data((APIToken.random().secret + "\n").utf8), mode: 0o644)
        let open = runEss(["serve", "--listen", "127.0.0.1:0"])
        XCTAssertEqual(open.status, 77, open.stderr)
        XCTAssertTrue(open.stderr.contains("run `chmod 600 \(ess.apiTokenFile)`"), open.stderr)
        try PrivateFiles.remove(ess.apiTokenFile)
        try PrivateFiles.createNew(ess.apiTokenFile, contents: Data("password\n".utf8))
        let garbage = runEss(["serve", "--listen", "127.0.0.1:0"])
        XCTAssertEqual(garbage.status, 65, garbage.stderr)
        XCTAssertTrue(garbage.stderr.contains("does not hold an ess API token"), garbage.stderr)
    }
}
