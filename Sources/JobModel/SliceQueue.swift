/// A slice to queue, as the controller hands it to the schedule: its input, the bytes of input
/// it streams to its command, and its life so far (a slice paged in from the store brings its
/// attempts and the worker its last attempt ran on).
public struct SliceWork: Sendable, Equatable {
    public var input: SliceInput
    /// Bytes of input streamed to its command; nil without standard input.
    public var inputBytes: Int64?
    public var attempts: Int
    public var lastWorker: String?

    public init(input: SliceInput, inputBytes: Int64? = nil, attempts: Int = 0, lastWorker: String? = nil) {
        self.input = input
        self.inputBytes = inputBytes
        self.attempts = attempts
        self.lastWorker = lastWorker
    }
}

/// A slice waiting for a worker, with its life so far.
struct QueuedSlice: Sendable {
    var input: SliceInput
    var life: SliceLifecycle
    /// The worker its last attempt failed on, to be avoided where another is free.
    var avoid: String?
    var inputBytes: Int64?

    init(_ work: SliceWork, retries: Int) {
        input = work.input
        life = SliceLifecycle(attempts: work.attempts, retries: retries)
        avoid = work.lastWorker
        inputBytes = work.inputBytes
    }
}

/// The slices waiting for a worker, in order; retries go to the front.
struct SliceQueue: Sendable {
    private var items: [QueuedSlice] = []
    private var head = 0

    var count: Int { items.count - head }
    var isEmpty: Bool { count == 0 }

    mutating func append(_ slice: QueuedSlice) { items.append(slice) }

    mutating func pushFront(_ slice: QueuedSlice) {
        if head > 0 {
            head -= 1
            items[head] = slice
        } else {
            items.insert(slice, at: 0)
        }
    }

    /// Takes the first slice `accept` says can run now (a pinned slice waits for its worker).
    mutating func takeFirst(where accept: (QueuedSlice) -> Bool) -> QueuedSlice? {
        guard let offset = items[head...].firstIndex(where: accept) else { return nil }
        let slice = items[offset]
        if offset == head {
            head += 1
        } else {
            items.remove(at: offset)
        }
        if head > 4096 {
            items.removeFirst(head)
            head = 0
        }
        return slice
    }
}
