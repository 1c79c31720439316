import ClusterModel
import ESSCore
import Foundation
import TestSupport
import XCTest

/// The pure parts of the fan-out commands: grouping, version decisions, node selection, settings.
final class FanOutLogicTests: XCTestCase {
    func outcome(_ id: String, _ out: String, _ err: String = "", exit: Int32? = 0, error: String? = nil) -> NodeOutcome {
        NodeOutcome(nodeID: id, exitCode: exit, stdout: Data(out.utf8), stderr: Data(err.utf8), error: error)
    }

    func testGroupingMergesIdenticalOutputsInOrderOfFirstAppearance() {
        let groups = OutputGrouping.group([
            outcome("a", "x\n"), outcome("b", "y\n"), outcome("c", "x\n"), outcome("d", "x\n", "warn\n"),
            outcome("e", "", error: "refused"), outcome("f", "y\n", exit: 3),
        ])
        XCTAssertEqual(groups.map(\.nodeIDs), [["a", "c"], ["b", "f"], ["d"]])
        XCTAssertEqual(groups.map { String(decoding: $0.stdout, as: UTF8.self) }, ["x\n", "y\n", "x\n"])
    }

    func testFailureReasonNamesExitCodeAndLastStderrLine() {
        XCTAssertEqual(outcome("a", "", "one\ntwo\n", exit: 7).reason, "exit code 7: two")
        XCTAssertEqual(outcome("a", "", error: "refused").reason, "refused")
        XCTAssertFalse(outcome("a", "").failed)
        XCTAssertTrue(outcome("a", "", exit: 1).failed)
        XCTAssertTrue(outcome("a", "", exit: nil, error: "x").failed)
    }

    func testVersionDecision() {
        XCTAssertEqual(SyncVersion.need(installed: "1.0", haveWanted: true, wanted: "1.0"), .nothing)
        XCTAssertEqual(SyncVersion.need(installed: "1.0", haveWanted: false, wanted: "1.1"), .package)
        XCTAssertEqual(SyncVersion.need(installed: nil, haveWanted: false, wanted: "1.1"), .package)
        XCTAssertEqual(SyncVersion.need(installed: "1.1", haveWanted: true, wanted: "1.0"), .switchOnly)
        XCTAssertEqual(SyncVersion.need(installed: "1.0 ", haveWanted: false, wanted: "1.0"), .package, "exact labels")
        let parsed = SyncVersion.parse(check: "current=2.0\nhave=yes\n")
        XCTAssertEqual(parsed.installed, "2.0")
        XCTAssertTrue(parsed.haveWanted)
        let empty = SyncVersion.parse(check: "current=\n")
        XCTAssertNil(empty.installed)
        XCTAssertFalse(empty.haveWanted)
    }

    func testVersionLabelsThatCannotNameAFolderAreRefused() {
        XCTAssertNil(SyncVersion.problem(with: "1.4.0+build-7"))
        for bad in ["", "../x", "a b", "a'b", String(repeating: "9", count: 65)] {
            XCTAssertEqual(SyncVersion.problem(with: bad), .characters(version: bad), bad)
        }
        for bad in [".hidden", "-x", "1.0.tmp"] {
            XCTAssertEqual(SyncVersion.problem(with: bad), .edges(version: bad), bad)
        }
    }

    func testNodeSelection() throws {
        let nodes = (1...5).map { Node(id: "i-\($0)", type: "t", state: .reachable, privateAddress: "10.0.0.\($0)", publicAddress: nil) }
        XCTAssertEqual(try NodeSelection.pick(nil, from: nodes).count, 5)
        XCTAssertEqual(try NodeSelection.pick("2,4-5", from: nodes).map(\.id), ["i-2", "i-4", "i-5"])
        XCTAssertEqual(try NodeSelection.pick("i-3, 10.0.0.1,3", from: nodes).map(\.id), ["i-1", "i-3"], "cluster order, once each")
        for bad in ["0", "6", "2-9", "4-2", "i-9", "x"] {
            XCTAssertThrowsError(try NodeSelection.pick("1,\(bad)", from: nodes), bad) { error in
                XCTAssertEqual(error as? ClusterError, .unknownNodeInList(item: bad, nodeCount: 5))
            }
        }
    }

    func testShellQuoteSurvivesTheShell() throws {
        let tricky = #"it's a "test" $HOME `x` \n"#
        let result = try Self.shell("printf '%s' \(ShellQuote.quote(tricky))", home: NSTemporaryDirectory())
        XCTAssertEqual(result.stdout, tricky)
    }

    func testSyncSettings() throws {
        let folder = TemporaryDirectory("ess-sync-settings")
        defer { folder.remove() }
        XCTAssertNil(try SyncSettings.load(directory: folder.path))
        try FileManager.default.createDirectory(atPath: folder.path + "/conf", withIntermediateDirectories: true)
        let file = folder.path + "/conf/sync.json"
        try Data(#"{"package": "dist/app"}"#.utf8).write(to: URL(fileURLWithPath: file))
        let settings = try XCTUnwrap(try SyncSettings.load(directory: folder.path))
        XCTAssertEqual(settings, SyncSettings(package: folder.path + "/dist/app", version: nil, installRoot: "ess"))
        // The example in the repository's conf/ is a valid setting.
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../conf/sync.example.json")
        try FileManager.default.copyItem(atPath: example.path, toPath: folder.path + "/conf/example.json")
        try FileManager.default.removeItem(atPath: file)
        try FileManager.default.moveItem(atPath: folder.path + "/conf/example.json", toPath: file)
        XCTAssertEqual(try SyncSettings.load(directory: folder.path), SyncSettings(package: folder.path + "/dist/app", version: "1.4.0", installRoot: "ess"))
        let refused: [(String, SyncError)] = [
            (#"{"package": "a", "install_root": "/opt"}"#, .badInstallRoot(path: file, .absolute)),
            (#"{"package": "a", "install_root": "../x"}"#, .badInstallRoot(path: file, .dotParts)),
            (#"{"package": "a", "install_root": "a b"}"#, .badInstallRoot(path: file, .characters)),
            (#"{"version": "1"}"#, .noPackageSetting(path: file)),
            (#"{"package": ""}"#, .settingNotText(path: file, key: "package")),
            (#"{"package": "a", "version": "a b"}"#, .badVersionSetting(path: file, .characters(version: "a b"))),
            ("[1]", .settingsNotObject(path: file)),
        ]
        for (bad, fact) in refused {
            try Data(bad.utf8).write(to: URL(fileURLWithPath: file))
            XCTAssertThrowsError(try SyncSettings.load(directory: folder.path), bad) { error in
                XCTAssertEqual(error as? SyncError, fact, bad)
            }
        }
        try Data("{".utf8).write(to: URL(fileURLWithPath: file))
        XCTAssertThrowsError(try SyncSettings.load(directory: folder.path)) { error in
            guard case .settingsNotJSON(file, _)? = error as? SyncError else { return XCTFail("\(error)") }
        }
    }

    // MARK: The remote scripts, run here by /bin/sh in a scratch home

    func testInstallSwitchAndRollbackScripts() throws {
        let home = TemporaryDirectory("ess-sync-home")
        defer { home.remove() }
        let (one, oneSum) = try Self.package(files: ["bin/app": "one\n"])
        let (two, twoSum) = try Self.package(files: ["bin/app": "two\n"])

        var result = try Self.shell(SyncScripts.install(root: "opt/ess", version: "1.0", sha256: oneSum), home: home.path, stdin: one)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(SyncScripts.currentVersion(in: result.stdout), "1.0")
        result = try Self.shell(SyncScripts.install(root: "opt/ess", version: "2.0", sha256: twoSum), home: home.path, stdin: two)
        XCTAssertEqual(result.status, 0, result.stderr)
        let root = home.path + "/opt/ess"
        XCTAssertEqual(try Self.link(root + "/current"), "versions/2.0")
        XCTAssertEqual(try Self.link(root + "/previous"), "versions/1.0")
        XCTAssertEqual(try String(contentsOfFile: root + "/current/bin/app", encoding: .utf8), "two\n")
        XCTAssertEqual(try String(contentsOfFile: root + "/current/VERSION", encoding: .utf8), "2.0\n")

        result = try Self.shell(SyncScripts.check(root: "opt/ess", wanted: "1.0"), home: home.path)
        XCTAssertEqual(result.stdout, "current=2.0\nhave=yes\n")

        result = try Self.shell(SyncScripts.rollback(root: "opt/ess"), home: home.path)
        XCTAssertEqual(SyncScripts.currentVersion(in: result.stdout), "1.0", result.stderr)
        XCTAssertEqual(try Self.link(root + "/previous"), "versions/2.0", "a second rollback undoes the first")

        result = try Self.shell(SyncScripts.switchTo(root: "opt/ess", version: "2.0"), home: home.path)
        XCTAssertEqual(SyncScripts.currentVersion(in: result.stdout), "2.0", result.stderr)
        XCTAssertEqual(try Self.link(root + "/current"), "versions/2.0")
    }

    func testCutShortOrDamagedPackageLeavesTheOldVersionCurrent() throws {
        let home = TemporaryDirectory("ess-sync-home")
        defer { home.remove() }
        let (one, oneSum) = try Self.package(files: ["app": "one\n"])
        var random = Data(count: 300_000)
        for index in random.indices { random[index] = UInt8.random(in: 0...255) }
        let (two, twoSum) = try Self.package(files: ["app": "two\n"], blob: random)
        XCTAssertEqual(try Self.shell(SyncScripts.install(root: "ess", version: "1.0", sha256: oneSum), home: home.path, stdin: one).status, 0)

        for damaged in [two.prefix(two.count / 2), two.prefix(10), Data(), two + Data([0])] {
            let result = try Self.shell(SyncScripts.install(root: "ess", version: "2.0", sha256: twoSum), home: home.path, stdin: Data(damaged))
            XCTAssertEqual(result.status, 3, result.stderr)
            XCTAssertTrue(result.stderr.contains("sha256 mismatch"), result.stderr)
            XCTAssertEqual(try Self.link(home.path + "/ess/current"), "versions/1.0")
            XCTAssertFalse(FileManager.default.fileExists(atPath: home.path + "/ess/versions/2.0"))
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: home.path + "/ess/versions").sorted(), ["1.0"], "no leftovers")
    }

    func testPutScriptKeepsOnlyCompleteFiles() throws {
        let home = TemporaryDirectory("ess-put-home")
        defer { home.remove() }
        let body = Data("hello world\n".utf8)
        var result = try Self.shell(TransferCommands.put(remote: "in/", name: "a b.txt", size: body.count), home: home.path, stdin: body)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(FileManager.default.contents(atPath: home.path + "/in/a b.txt"), body)
        result = try Self.shell(TransferCommands.put(remote: "in", name: "c", size: body.count), home: home.path, stdin: body.prefix(5))
        XCTAssertEqual(result.status, 3)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: home.path + "/in"), ["a b.txt"], "no short file, no part file")
        result = try Self.shell(TransferCommands.get(remote: "in/a b.txt"), home: home.path)
        XCTAssertEqual(result.stdout, "hello world\n")
        XCTAssertNotEqual(try Self.shell(TransferCommands.get(remote: "in"), home: home.path).status, 0)
    }

    // MARK: Helpers

    static func link(_ path: String) throws -> String {
        try FileManager.default.destinationOfSymbolicLink(atPath: path)
    }

    /// A tar+gzip of `files` (plus an optional binary blob) and its sha256, as `sync` makes them.
    static func package(files: [String: String], blob: Data? = nil) throws -> (Data, String) {
        let folder = TemporaryDirectory("ess-pkg")
        defer { folder.remove() }
        let source = folder.path + "/src"
        for (name, text) in files {
            let path = source + "/" + name
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        }
        if let blob { try blob.write(to: URL(fileURLWithPath: source + "/blob")) }
        let archive = folder.path + "/p.tar.gz"
        XCTAssertEqual(try shell("tar -czf \(archive) -C \(source) .", home: folder.path).status, 0)
        let data = try Data(contentsOf: URL(fileURLWithPath: archive))
        let sum = try shell("sha256sum \(archive)", home: folder.path).stdout.split(separator: " ")[0]
        return (data, String(sum))
    }

    /// Runs a script with /bin/sh in `home` (as HOME), feeding `stdin`.
    static func shell(_ script: String, home: String, stdin: Data = Data()) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        process.environment = ["HOME": home, "PATH": "/usr/bin:/bin"]
        process.currentDirectoryURL = URL(fileURLWithPath: home)
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let writer = Thread {
            try? input.fileHandleForWriting.write(contentsOf: stdin)
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let box = ErrorBox()
        let reader = Thread { box.data = errors.fileHandleForReading.readDataToEndOfFile(); box.done.signal() }
        reader.start()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        box.done.wait()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: box.data, as: UTF8.self))
    }
}

private final class ErrorBox: @unchecked Sendable {
    var data = Data()
    let done = DispatchSemaphore(value: 0)
}
