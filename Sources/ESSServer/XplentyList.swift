import Foundation
import Hummingbird
import MasterModel

/// Xplenty's list parameters as its API v2 documents them for `GET jobs` and `GET clusters`:
/// `sort` (`created` or `updated`; `created` unless given), `direction` (`asc` or `desc`;
/// `desc`, newest first, unless given), `since` (only those updated at or after an ISO 8601
/// time), `offset` and `limit` (default 20, at most 100). Each maps onto the native lists' own.
struct XplentyList {
    enum Sort: String, CaseIterable {
        case created, updated
    }

    let sort: Sort
    let descending: Bool
    let since: Date?
    let offset: Int
    let limit: Int

    init(_ request: Request) throws {
        sort = try request.word("sort", default: Sort.created)
        descending = try request.descending(default: true)
        since = try request.instant("since")
        (offset, limit) = try Self.paging(request)
    }

    /// `offset` (default 0) and `limit` (default 20, at most 100), as Xplenty pages lists.
    static func paging(_ request: Request) throws -> (offset: Int, limit: Int) { try request.offsetLimit(limit: 20, most: 100) }

    var executionSort: ExecutionSort { sort == .created ? .created : .updated }
    var clusterSort: ClusterSort { sort == .created ? .created : .updated }
}
