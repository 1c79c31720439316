import Foundation
import JobModel
import XCTest

/// Job specs: every field checked, one error naming the field.
final class JobSpecParserTests: XCTestCase {
    func parse(_ text: String, overrides: [String: String] = [:]) throws -> JobSpec {
        try JobSpecParser.parse(Data(text.utf8), overrides: overrides)
    }

    func refused(_ text: String, field: String, containing words: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try parse(text), file: file, line: line) { error in
            guard let problem = error as? JobSpecError else { return XCTFail("\(error)", file: file, line: line) }
            XCTAssertEqual(problem.field, field, "\(problem)", file: file, line: line)
            XCTAssertTrue(problem.description.contains(words), "\(problem)", file: file, line: line)
        }
    }

    func testEveryInputKindParsesWithDefaults() throws {
        let range = try parse(#"{"name":"r","command":"seq {start} {end}","inputs":{"range":{"start":1,"end":100,"per_slice":10}}}"#)
        XCTAssertEqual(range.inputs, .range(start: 1, end: 100, perSlice: 10))
        XCTAssertEqual(range.retries, 2)
        XCTAssertEqual(range.output, .stdout)
        XCTAssertNil(range.maxFailures)

        let list = try parse(#"{"name":"l","command":"echo {input} {greeting}","variables":{"greeting":"hi","n":3},"inputs":{"list":["a",2,"c d"]}}"#)
        XCTAssertEqual(list.inputs, .list(values: ["a", "2", "c d"]))
        XCTAssertEqual(list.variables, ["greeting": "hi", "n": "3"])

        let files = try parse(#"{"name":"f","command":"wc -l","inputs":{"files":"data/*.csv"},"retries":0,"slots":4,"workers":2,"max_failures":5,"slice_timeout":30.5,"output":"none","reservation":"r-0362fc0159798cabc"}"#)
        XCTAssertEqual(files.inputs, .files(patterns: ["data/*.csv"]))
        XCTAssertEqual([files.retries, files.slots, files.workers, files.maxFailures], [0, 4, 2, 5])
        XCTAssertEqual(files.sliceTimeout, 30.5)

        let lines = try parse(#"{"name":"n","command":"sort","inputs":{"lines":{"path":"big.txt"}}}"#)
        XCTAssertEqual(lines.inputs, .lines(path: "big.txt", perSlice: 1000))

        let remote = try parse(#"{"name":"m","command":"gzip -c < {input} > {output}","inputs":{"remote":"logs/*.log"},"output":"file"}"#)
        XCTAssertEqual(remote.inputs, .remote(pattern: "logs/*.log"))
    }

    func testRunTimeVariablesOverrideAndFillIn() throws {
        let spec = try parse(#"{"name":"v","command":"echo {who} {input}","variables":{"who":"spec"},"inputs":{"list":["x"]}}"#, overrides: ["who": "cli", "extra": "1"])
        XCTAssertEqual(spec.variables, ["who": "cli", "extra": "1"])
        XCTAssertNoThrow(try parse(#"{"name":"v","command":"echo {late}","inputs":{"list":["x"]}}"#, overrides: ["late": "ok"]))
    }

    func testBadSpecsNameTheField() {
        let inputs = #""inputs":{"list":["a"]}"#
        refused(#"{"name":"x","command":"true",\#(inputs),"retrys":1}"#, field: "retrys", containing: "not a field")
        refused(#"{"command":"true",\#(inputs)}"#, field: "name", containing: "required")
        refused(#"{"name":"","command":"true",\#(inputs)}"#, field: "name", containing: "1 to 128")
        refused(#"{"name":"a\u0007b","command":"true",\#(inputs)}"#, field: "name", containing: "control")
        refused(#"{"name":"x","command":"  ",\#(inputs)}"#, field: "command", containing: "empty")
        refused(#"{"name":"x","command":"true",\#(inputs),"retries":-1}"#, field: "retries", containing: "0 to 100")
        refused(#"{"name":"x","command":"true",\#(inputs),"retries":1.5}"#, field: "retries", containing: "whole number")
        refused(#"{"name":"x","command":"true",\#(inputs),"slots":1e30}"#, field: "slots", containing: "1 to 256")
        refused(#"{"name":"x","command":"true",\#(inputs),"workers":true}"#, field: "workers", containing: "true/false")
        refused(#"{"name":"x","command":"true",\#(inputs),"slice_timeout":0}"#, field: "slice_timeout", containing: "number")
        refused(#"{"name":"x","command":"true",\#(inputs),"output":"s3"}"#, field: "output", containing: "`stdout`, `file`, `none` or {\"s3\"")
        refused(#"{"name":"x","command":"true",\#(inputs),"reservation":"r 1"}"#, field: "reservation", containing: "reservation id")
        refused(#"{"name":"x","command":"true"}"#, field: "inputs", containing: "required")
        refused(#"{"name":"x","command":"true","inputs":{}}"#, field: "inputs", containing: "found none")
        refused(#"{"name":"x","command":"true","inputs":{"list":["a"],"range":{}}}"#, field: "inputs", containing: "exactly one")
        refused(#"{"name":"x","command":"true","inputs":{"glob":"*"}}"#, field: "inputs.glob", containing: "not an input kind")
        refused(#"{"name":"x","command":"true","inputs":{"list":[]}}"#, field: "inputs.list", containing: "1 to 1000000")
        refused(#"{"name":"x","command":"true","inputs":{"list":[{"a":1}]}}"#, field: "inputs.list[0]", containing: "string or a number")
        refused(#"{"name":"x","command":"true","inputs":{"range":{"start":5,"end":1}}}"#, field: "inputs.range.end", containing: "below `start`")
        XCTAssertThrowsError(try parse(#"{"name":"x","command":"echo {nope}","inputs":{"list":["a"]}}"#)) {
            XCTAssertEqual(($0 as? JobSpecError)?.unusable, true, "fields that disagree as no schema can say: 422")
        }
        refused(#"{"name":"x","command":"true","inputs":{"range":{"start":1,"end":2,"per_slice":null}}}"#, field: "inputs.range.per_slice", containing: "is null")
        refused(#"{"name":"x","command":"true","inputs":{"list":["a"]},"retries":null}"#, field: "retries", containing: "is null")
        refused(#"{"name":"x","command":"true","inputs":{"range":{"start":0,"end":1,"per_slice":0}}}"#, field: "inputs.range.per_slice", containing: "whole number")
        refused(#"{"name":"x","command":"true","inputs":{"range":{"start":0,"end":3000000000000000}}}"#, field: "inputs.range", containing: "raise `per_slice`")
        refused(#"{"name":"x","command":"true","inputs":{"range":{"start":0,"end":1,"step":2}}}"#, field: "inputs.range.step", containing: "not a field")
        refused(#"{"name":"x","command":"true","inputs":{"lines":{"per_slice":2}}}"#, field: "inputs.lines.path", containing: "required")
        refused(#"{"name":"x","command":"true","inputs":{"files":[""]}}"#, field: "inputs.files[0]", containing: "empty")
        refused(#"{"name":"x","command":"true",\#(inputs),"variables":{"9lives":"x"}}"#, field: "variables.9lives", containing: "not a variable name")
        refused(#"{"name":"x","command":"true",\#(inputs),"variables":{"slice":"x"}}"#, field: "variables.slice", containing: "every slice gives")
    }

    func testPlaceholdersNeedValues() {
        refused(#"{"name":"x","command":"echo {nope}","inputs":{"list":["a"]}}"#, field: "command", containing: "{nope} has no value")
        refused(#"{"name":"x","command":"echo {start}","inputs":{"list":["a"]}}"#, field: "command", containing: "not given by `list` inputs")
        refused(#"{"name":"x","command":"echo {input}","inputs":{"range":{"start":1,"end":2}}}"#, field: "command", containing: "not given by `range`")
    }

    func testDocumentLevelProblems() {
        refused("[1,2]", field: "", containing: "expected a JSON object")
        refused(#"{"name":"x","name":"y","command":"true","inputs":{"list":["a"]}}"#, field: "", containing: "appears twice")
        refused("{\"name\":", field: "", containing: "not valid JSON")
        XCTAssertThrowsError(try JobSpecParser.parse(Data([0x7B, 0x22, 0xFF, 0x22, 0x7D]))) { error in
            XCTAssertEqual((error as? JobSpecError)?.problem, "the spec is not valid UTF-8 text")
        }
        XCTAssertThrowsError(try JobSpecParser.parse(Data(count: JobSpecParser.maxBytes + 1)))
    }
}

/// `s3` inputs and outputs as the parser reads them.
final class S3SpecParserTests: XCTestCase {
    func parse(_ json: String, overrides: [String: String] = [:]) throws -> JobSpec {
        try JobSpecParser.parse(Data(json.utf8), overrides: overrides)
    }

    func refused(_ json: String, field: String, containing words: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try parse(json), file: file, line: line) { error in
            let problem = error as? JobSpecError
            XCTAssertEqual(problem?.field, field, "\(error)", file: file, line: line)
            XCTAssertTrue(problem?.problem.contains(words) ?? false, "\(error)", file: file, line: line)
        }
    }

    func testTheIssuesExampleParsesAndItsURLsFillWithTheExecutionsVariables() throws {
        let spec = try parse(#"{"name": "daily-count", "command": "zcat | wc -l", "variables": {"DAY": "2026-12-01"}, "inputs": {"s3": {"url": "s3://logs/{DAY}/", "match": "*.gz", "per_slice": 1}}, "output": {"s3": "s3://reports/{DAY}/"}}"#, overrides: ["DAY": "2026-12-02"])
        XCTAssertEqual(spec.inputs, .s3(S3Input(url: "s3://logs/{DAY}/", match: "*.gz", perSlice: 1)))
        XCTAssertEqual(spec.output, .s3(url: "s3://reports/{DAY}/"))
        XCTAssertTrue(spec.usesS3)
        let (input, output) = try S3URLs.resolve(spec, jobID: 3, exID: 7)
        XCTAssertEqual(input, S3Location(bucket: "logs", key: "2026-12-02/"))
        XCTAssertEqual(output, S3Location(bucket: "reports", key: "2026-12-02/"))
        let stored = try JSONDecoder().decode(JobSpec.self, from: JSONEncoder().encode(spec))
        XCTAssertEqual(stored, spec, "the spec survives the store")
    }

    func testOutputWordsStayWordsOnTheWire() throws {
        let spec = try parse(#"{"name":"x","command":"true","inputs":{"list":[1]},"output":"none"}"#)
        XCTAssertEqual(String(decoding: try JSONEncoder().encode(spec.output), as: UTF8.self), #""none""#)
        XCTAssertFalse(spec.usesS3)
    }

    func testBadS3FieldsAreNamed() {
        let list = #""inputs":{"list":[1]}"#
        refused(#"{"name":"x","command":"true","inputs":{"s3":{"url":"http://b/x"}}}"#, field: "inputs.s3.url", containing: "is not an S3 URL")
        refused(#"{"name":"x","command":"true","inputs":{"s3":{"url":"s3://B_ad/x"}}}"#, field: "inputs.s3.url", containing: "is not a bucket name")
        refused(#"{"name":"x","command":"true","inputs":{"s3":{"url":"s3://logs/{DAY}/"}}}"#, field: "inputs.s3.url", containing: "{DAY} has no value")
        refused(#"{"name":"x","command":"true","inputs":{"s3":{"url":"s3://logs/","per_slice":0}}}"#, field: "inputs.s3.per_slice", containing: "from 1 to 10000")
        refused(#"{"name":"x","command":"true","inputs":{"s3":{"url":"s3://logs/","split_bytes":10,"per_slice":2}}}"#, field: "inputs.s3.per_slice", containing: "split_bytes")
        refused(#"{"name":"x","command":"true","inputs":{"s3":{"url":"s3://logs/","glob":"*"}}}"#, field: "inputs.s3.glob", containing: "is not a field here")
        refused(#"{"name":"x","command":"true",\#(list),"output":{"s3":"s3://x"}}"#, field: "output.s3", containing: "is not a bucket name")
        refused(#"{"name":"x","command":"true",\#(list),"output":{"s4":"s3://xyz/"}}"#, field: "output.s3", containing: "is required")
        refused(#"{"name":"x","command":"true",\#(list),"output":["s3"]}"#, field: "output", containing: "found an array")
    }

    func testBuiltInIdsMayNameTheFolder() throws {
        let spec = try parse(#"{"name":"x","command":"true","inputs":{"list":[1]},"output":{"s3":"s3://reports/{job_id}/{ex_id}/"}}"#)
        XCTAssertEqual(try S3URLs.resolve(spec, jobID: 3, exID: 7).output, S3Location(bucket: "reports", key: "3/7/"))
    }
}
