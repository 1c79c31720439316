import Foundation
import TestSupport
import XCTest

/// One job per input kind on a 2-node local cluster, through `ess job run`, each slice's committed
/// output checked against what its command must print.
final class JobInputTests: JobTestCase {
    func testFilesJobCountsTheLinesOfEachFile() throws {
        for count in 1...5 {
            try write(String(repeating: "line\n", count: count * 100), to: "data/part-\(count).txt")
        }
        let spec = try cluster.spec("files", ["name": "count", "command": "wc -l", "inputs": ["files": ["data/*.txt"]]])
        let ex = try runToCompletion(spec)
        let counts = cluster.outputs(ex).values.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.sorted()
        XCTAssertEqual(counts, ["100", "200", "300", "400", "500"])
    }

    func testLinesJobGivesEachSliceItsLinesInOrder() throws {
        let lines = (1...10).map { "word \($0)" }
        try write(lines.joined(separator: "\n") + "\n", to: "words.txt")
        let spec = try cluster.spec("lines", ["name": "upper", "command": "tr a-z A-Z", "inputs": ["lines": ["path": "words.txt", "per_slice": 3]]])
        let ex = try runToCompletion(spec)
        let outputs = cluster.outputs(ex)
        XCTAssertEqual(outputs.count, 4, "10 lines at 3 a slice")
        let joined = outputs.keys.sorted().map { outputs[$0]! }.joined()
        XCTAssertEqual(joined, lines.map { $0.uppercased() }.joined(separator: "\n") + "\n")
    }

    func testRangeJobCoversEveryNumberOnce() throws {
        let spec = try cluster.spec("range", ["name": "seq", "command": "seq {start} {end}", "inputs": ["range": ["start": 1, "end": 20, "per_slice": 3]]])
        let ex = try runToCompletion(spec)
        XCTAssertEqual(cluster.outputs(ex).count, 7)
        XCTAssertEqual(cluster.outputLines([ex]).compactMap(Int.init).sorted(), Array(1...20))
    }

    func testListJobQuotesEachValue() throws {
        let values = ["alpha", "beta gamma", "it's", "$HOME;x", "*"]
        let spec = try cluster.spec("list", ["name": "echo", "command": "printf '<%s>\\n' {input}", "inputs": ["list": values]])
        let ex = try runToCompletion(spec)
        XCTAssertEqual(cluster.outputLines([ex]).sorted(), values.map { "<\($0)>" }.sorted())
    }

    func testRemoteJobRunsEachFileOnTheNodeThatHoldsIt() throws {
        let placed = cluster.ess.run(["cluster", "run", #"mkdir -p rdata && for i in 1 2; do echo "$i $ESS_NODE_ID" > rdata/f$i.txt; done"#])
        XCTAssertEqual(placed.status, 0, placed.stderr)
        let spec = try cluster.spec("remote", ["name": "cat", "command": "cat {input}", "inputs": ["remote": "rdata/*.txt"]])
        let ex = try runToCompletion(spec)
        let expected = cluster.nodeIDs.flatMap { node in ["1 \(node)", "2 \(node)"] }.sorted()
        XCTAssertEqual(cluster.outputLines([ex]).sorted(), expected)
        for slice in try cluster.slices(ex) {
            let worker = try XCTUnwrap(slice["worker"] as? String)
            let input = (slice["input"] as? [String: String])?.values.joined() ?? ""
            let output = cluster.outputs(ex)[(slice["slice"] as? NSNumber)?.int64Value ?? -1] ?? ""
            XCTAssertTrue(output.contains(worker), "slice \(input) ran on \(worker) but printed \(output)")
        }
    }
}
