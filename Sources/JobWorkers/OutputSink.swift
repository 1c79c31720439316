import Jobs

/// Where a slice's output bytes go on the master while they arrive: the attempt's
/// `SliceOutput` once opened (emptied as it opens), nowhere while closed (bytes a command
/// prints before its `output: file` is fetched are not its output). One thread at a time.
struct OutputSink {
    private var target: SliceOutput?

    /// Starts the output over in `output` (nil: the bytes are dropped).
    mutating func open(_ output: SliceOutput?) {
        output?.reset()
        target = output
    }

    /// Keeps every byte; nil, or the failure in words. While closed the bytes are dropped.
    func write(_ bytes: UnsafeRawBufferPointer) -> String? {
        target?.write(bytes)
    }

    mutating func close() {
        target = nil
    }
}
