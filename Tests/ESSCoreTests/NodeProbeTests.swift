@testable import ESSCore
import Foundation
import TestSupport
import XCTest

/// The one command `ess cluster status` runs on each node, run here by /bin/sh, and the parsing of its lines.
final class NodeProbeTests: XCTestCase {
    var directory: TemporaryDirectory!

    override func setUp() {
        directory = TemporaryDirectory()
    }

    override func tearDown() {
        directory.remove()
    }

    /// Runs the probe as a node's login would: `/bin/sh -c COMMAND` with HOME set.
    func probe(installRoot: String) throws -> (reading: NodeReading, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", NodeProbe.command(installRoot: installRoot)]
        process.environment = ["HOME": directory.path, "PATH": "/usr/bin:/bin"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        let output = String(decoding: data, as: UTF8.self)
        var reading = NodeReading(nodeID: "i-1", reachable: true)
        NodeProbe.apply(output, to: &reading)
        return (reading, output)
    }

    func writeVersion(_ contents: String, root: String) throws {
        let folder = directory.path + "/" + root + "/current"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: URL(fileURLWithPath: folder + "/VERSION"))
    }

    func testReadsCpusMemoryDiskAndVersionOfThisMachine() throws {
        try writeVersion("2.4.1\nsecond line\n", root: ".ess")
        let (reading, output) = try probe(installRoot: ".ess")
        XCTAssertGreaterThanOrEqual(reading.cpus ?? 0, 1, output)
        XCTAssertLessThanOrEqual(reading.cpus ?? .max, sysconf(Int32(_SC_NPROCESSORS_CONF)), output)
        XCTAssertGreaterThan(reading.memoryTotalKiB ?? 0, 0, output)
        XCTAssertGreaterThan(reading.memoryAvailableKiB ?? 0, 0, output)
        XCTAssertLessThanOrEqual(reading.memoryAvailableKiB ?? .max, reading.memoryTotalKiB ?? 0, output)
        XCTAssertGreaterThan(reading.diskTotalKiB ?? 0, 0, output)
        XCTAssertLessThanOrEqual(reading.diskAvailableKiB ?? .max, reading.diskTotalKiB ?? 0, output)
        XCTAssertEqual(reading.version, "2.4.1")
        XCTAssertEqual(output.split(separator: "\n").count, 6, output)
    }

    func testCountsKernelCPULists() {
        XCTAssertEqual(NodeProbe.cpuCount("0"), 1)
        XCTAssertEqual(NodeProbe.cpuCount("0-1"), 2)
        XCTAssertEqual(NodeProbe.cpuCount("0-3,8,10-11"), 7)
        for bad in ["", "x", "3-1", "1-", "-1", "0-1-2", "0,,1"] {
            XCTAssertNil(NodeProbe.cpuCount(bad), bad)
        }
    }

    func testAVersionWithoutNewlineInAnOddlyNamedRootIsRead() throws {
        try writeVersion("v 7", root: "opt/it's here")
        XCTAssertEqual(try probe(installRoot: "opt/it's here").reading.version, "v 7")
    }

    func testNoVersionFileLeavesTheVersionEmptyAndTheRestRead() throws {
        let (reading, output) = try probe(installRoot: ".ess")
        XCTAssertNil(reading.version)
        XCTAssertNotNil(reading.cpus, output)
        XCTAssertNotNil(reading.diskTotalKiB, output)
    }

    func testParsesKeyValueLinesAndIgnoresTheRest() {
        var reading = NodeReading(nodeID: "i-1", reachable: true)
        NodeProbe.apply("disk_total=100\ndisk_avail=40\ncpus_allowed=0-3,8,10-11\nnoise\nmem_total=2048\nmem_avail= 1024 \nversion=1=2\nother=3\n", to: &reading)
        XCTAssertEqual(reading.cpus, 7)
        XCTAssertEqual(reading.memoryTotalKiB, 2048)
        XCTAssertEqual(reading.memoryAvailableKiB, 1024)
        XCTAssertEqual(reading.diskTotalKiB, 100)
        XCTAssertEqual(reading.diskAvailableKiB, 40)
        XCTAssertEqual(reading.version, "1=2")
    }
}
