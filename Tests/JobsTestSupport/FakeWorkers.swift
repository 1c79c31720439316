import Foundation
import Jobs
import JobModel

/// Workers in memory: each slice runs on its own thread and ends as `behave` says; its standard
/// output (the command text) goes to the path the controller gives, as a real worker's would.
/// A held fake keeps every slice running until `release()` or until it is ended.
public final class FakeWorkers: WorkerSource, @unchecked Sendable {
    public let names: [String]
    public let slots: Int
    let behave: @Sendable (SliceRun, String) -> SliceResult
    let lock = NSLock()
    public private(set) var started: [(Int64, String)] = []
    public private(set) var ended: [Int64] = []
    /// The workers whose execution folder was removed.
    public private(set) var removed: [String] = []
    private var held: Bool
    private let gate = NSCondition()

    public init(names: [String] = ["a", "b"], slots: Int = 4, held: Bool = false,
         behave: @escaping @Sendable (SliceRun, String) -> SliceResult = { _, _ in .exited(code: 0, stderrTail: "") }) {
        self.names = names
        self.slots = slots
        self.held = held
        self.behave = behave
    }

    public func connect(exID: Int64, spec: JobSpec) throws -> [any WorkerLink] {
        names.map { Link(name: $0, slots: slots, workers: self) }
    }

    public func inventory() throws -> [WorkerNode] {
        names.map { WorkerNode(name: $0, hostname: "\($0).test", slots: slots) }
    }

    public func release() {
        gate.lock()
        held = false
        gate.broadcast()
        gate.unlock()
    }

    public var startedCount: Int { lock.withLock { started.count } }

    final class Link: WorkerLink, @unchecked Sendable {
        let name: String
        let slots: Int
        unowned let workers: FakeWorkers

        init(name: String, slots: Int, workers: FakeWorkers) {
            self.name = name
            self.slots = slots
            self.workers = workers
        }

        func start(_ run: SliceRun, finished: @escaping @Sendable (SliceResult) -> Void) -> any SliceHandle {
            let handle = Handle(workers: workers)
            workers.lock.withLock { workers.started.append((run.index, name)) }
            let fakes = self.workers
            Thread.detachNewThread {
                if let signal = handle.waitWhileHeld() {
                    finished(.exited(code: 128 + signal, stderrTail: "Terminated"))
                    return
                }
                let result = fakes.behave(run, self.name)
                if case .exited(0, _) = result, let output = run.output {
                    output.reset()
                    _ = Data("\(run.command)\n".utf8).withUnsafeBytes { output.write($0) }
                }
                fakes.lock.withLock { fakes.ended.append(run.index) }
                finished(result)
            }
            return handle
        }

        func list(_ pattern: String) throws -> [String] { ["\(name)/1.log", "\(name)/2.log"] }

        func removeFolder() { workers.lock.withLock { workers.removed.append(name) } }

        func close() {}
    }

    final class Handle: SliceHandle, @unchecked Sendable {
        unowned let workers: FakeWorkers
        private var signal: Int32?

        init(workers: FakeWorkers) { self.workers = workers }

        func end(force: Bool) {
            workers.gate.lock()
            signal = force ? 9 : 15
            workers.gate.broadcast()
            workers.gate.unlock()
        }

        /// Nil once released; the signal if the slice was ended while held.
        func waitWhileHeld() -> Int32? {
            workers.gate.lock()
            defer { workers.gate.unlock() }
            while workers.held, signal == nil { workers.gate.wait() }
            return signal
        }
    }
}
