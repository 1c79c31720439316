import Foundation
@testable import Providers
import TestSupport
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// The local provider's one read of the kernel's table of TCP listeners.
final class ListeningSocketsTests: XCTestCase {
    /// `address` as /proc/net/tcp prints it: the network-order word in the host's byte order.
    func word(_ address: String) -> String {
        var bytes = in_addr()
        XCTAssertEqual(inet_pton(AF_INET, address, &bytes), 1)
        let hex = String(bytes.s_addr, radix: 16, uppercase: true)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }

    func testParsesOnlyListeningRows() {
        let table = """
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: \(word("127.64.1.2")):0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0
               1: \(word("127.64.1.3")):4E20 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2 1 0 100 0 0 10 0
               2: \(word("127.64.1.4")):0016 \(word("127.0.0.1")):A000 01 00000000:00000000 00:00000000 00000000     0        0 3 1 0 100 0 0 10 0
               3: garbage
            """
        XCTAssertEqual(ListeningSockets.parse(table), ["127.64.1.2:22", "127.64.1.3:20000"])
    }

    func testSeesASocketThisTestListensOnAndNotOneItClosed() throws {
        let address = "127.99.\(Int.random(in: 0...255)).\(Int.random(in: 2...254))"
        var addr = try XCTUnwrap(LoopbackAllocator.socketAddress(address, 0))
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        XCTAssertGreaterThanOrEqual(fd, 0)
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        XCTAssertEqual(bound, 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(fd, $0, &length) }
        }
        let port = Int(UInt16(bigEndian: addr.sin_port))
        XCTAssertFalse(try XCTUnwrap(ListeningSockets.current()).contains(address: address, port: port), "bound, not listening yet")
        XCTAssertEqual(listen(fd, 8), 0)
        XCTAssertTrue(try XCTUnwrap(ListeningSockets.current()).contains(address: address, port: port))
        close(fd)
        XCTAssertFalse(try XCTUnwrap(ListeningSockets.current()).contains(address: address, port: port))
    }
}
