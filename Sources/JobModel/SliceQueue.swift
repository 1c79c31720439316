import JobModel

/// A slice waiting for a worker, with its life so far.
struct QueuedSlice: Sendable {
    var input: SliceInput
    var life: SliceLifecycle
    /// The worker its last attempt failed on, to be avoided where another is free.
    var avoid: String?
}

/// The slices waiting for a worker, in order; retries go to the front.
struct SliceQueue {
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
