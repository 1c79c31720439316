@testable import ESSCLI
import XCTest

/// Asserts the sentence and exit code the CLI gives a fact.
func assertRendered(_ error: any Error, _ message: String, code: Int32, file: StaticString = #filePath, line: UInt = #line) {
    let rendered = ErrorRenderer.rendered(error)
    XCTAssertEqual(rendered?.message, message, file: file, line: line)
    XCTAssertEqual(rendered?.code, code, "\(error)", file: file, line: line)
}
