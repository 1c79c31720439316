import ClusterModel
import Platform

/// Runs a provider call and puts its errors in the core's terms: the provider's own sentence,
/// with the exit code its kind calls for.
enum ProviderCall {
    static func run<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ProviderError {
            switch error.kind {
            case .unknownReservation, .unknownInstanceType, .unsupported: throw ESSError.usage(error.message)
            case .failed, .limit: throw ESSError.failure(error.message)
            }
        } catch let error as PlatformError {
            throw ESSError.failure("\(error)")
        }
    }
}
