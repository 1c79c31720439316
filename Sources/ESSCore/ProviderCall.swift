import ClusterModel
import Platform

/// Runs a provider call. Providers throw their own facts, which pass through; a system call
/// that failed under a provider (the local provider's files, locks and daemons) becomes
/// `ClusterError.providerSystem`.
enum ProviderCall {
    static func run<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as PlatformError {
            throw ClusterError.providerSystem(error)
        }
    }
}
