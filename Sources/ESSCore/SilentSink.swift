/// Progress that goes nowhere: the master's API clusters report through their status instead.
public struct SilentSink: ProgressSink {
    public init() {}

    public func note(_ line: String) {}
    public func progress(_ line: String) {}
    public func endProgress() {}
}
