import Foundation
import Platform
import XCTest

/// `ThreadRole` as the kernel sees it, through /proc.
final class ThreadRoleTests: XCTestCase {
    func testAThreadIsNamedAsTheKernelShowsIt() throws {
        final class Box: @unchecked Sendable { var tid: String? }
        let box = Box(), named = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        Thread {
            ThreadRole.name("ess-test-a-long-name")
            // /proc/thread-self → "PID/task/TID"
            box.tid = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self"))?.split(separator: "/").last.map(String.init)
            named.signal()
            done.wait()
        }.start()
        XCTAssertEqual(named.wait(timeout: .now() + 10), .success)
        defer { done.signal() }
        let tid = try XCTUnwrap(box.tid)
        let name = try String(contentsOfFile: "/proc/self/task/\(tid)/comm", encoding: .utf8)
        XCTAssertEqual(name, "ess-test-a-long\n", "the kernel keeps 15 bytes of the name")
    }
}
