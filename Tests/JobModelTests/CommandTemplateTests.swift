import JobModel
import XCTest

/// Placeholders: found, left alone where they are shell text, substituted quoted.
final class CommandTemplateTests: XCTestCase {
    func testFindsPlaceholdersButNotShellBraces() {
        let template = CommandTemplate(#"awk '{print $1}' {input} | { cat; } > ${HOME}/{job_id}.{slice} {{literal}} {9x}"#)
        XCTAssertEqual(template.placeholders, ["input", "job_id", "slice"])
    }

    func testRendersQuotedValues() {
        let template = CommandTemplate("grep {pattern} {input} {{x}}")
        XCTAssertEqual(template.render(["pattern": "it's; rm -rf /", "input": "a b"]), #"grep 'it'\''s; rm -rf /' 'a b' {x}"#)
        XCTAssertEqual(template.missing(given: ["input"]), ["pattern"])
    }
}
