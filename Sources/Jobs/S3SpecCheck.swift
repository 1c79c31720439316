import Foundation
import JobModel

/// The checks of a spec's S3 URLs against the store, before anything is stored or started:
/// credentials, the input's bucket and at least one matching object, the output prefix writable
/// (a tiny staging object put and removed). Each failure is one `JobSpecError` naming the field
/// and what to do. A URL whose prefix depends on `{ex_id}` is checked for its bucket alone.
enum S3SpecCheck {
    /// Pages of a listing looked through for a first match before the input is taken as usable.
    static let pagesForAMatch = 20

    static func check(_ spec: JobSpec, jobID: Int64?, stores: ObjectStoreSource) throws {
        guard spec.usesS3 else { return }
        let store: any ObjectStore
        do {
            store = try stores.store()
        } catch let error as ObjectStoreError {
            throw JobSpecError(field: field(spec), problem: "the master has no AWS credentials for S3 (\(error.message)); give it some as for the ec2 provider (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or AWS_PROFILE) and start it again", unusable: true)
        }
        var values = spec.variables
        values["job_id"] = jobID.map(String.init) ?? "0"
        values["ex_id"] = "0"
        if case .s3(let input) = spec.inputs {
            let location = try S3URLs.location(input.url, field: "inputs.s3.url", values: values)
            let exact = !CommandTemplate(input.url).placeholders.contains("ex_id") && (jobID != nil || !CommandTemplate(input.url).placeholders.contains("job_id"))
            try checkInput(location, input: input, exact: exact, store: store)
        }
        if case .s3(let url) = spec.output {
            let location = try S3URLs.location(url, field: "output.s3", values: values)
            try checkOutput(location, store: store)
        }
    }

    static func field(_ spec: JobSpec) -> String {
        if case .s3 = spec.inputs { return "inputs.s3.url" }
        return "output.s3"
    }

    static func checkInput(_ location: S3Location, input: S3Input, exact: Bool, store: any ObjectStore) throws {
        let field = "inputs.s3.url"
        do {
            guard exact else { return try store.checkBucket(location.bucket) }
            var slicer = S3Slicer(location: location, input: input, lister: PageCounter(store, limit: pagesForAMatch), cursor: SlicerCursor())
            let first = try slicer.next(max: 1)
            if first.isEmpty {
                let match = input.match.map { " matching `\($0)`" } ?? ""
                throw JobSpecError(field: field, problem: "\(location) has no object\(match); check the URL, its variables and `match`", unusable: true)
            }
        } catch PageCounter.Enough.enough {
            return
        } catch let error as ObjectStoreError {
            throw problem(error, field: field, location: location, doing: "list and read objects there (s3:ListBucket, s3:GetObject)")
        }
    }

    static func checkOutput(_ location: S3Location, store: any ObjectStore) throws {
        let probe = S3Outputs(prefix: location, exID: 0).probe(UUID().uuidString.lowercased())
        do {
            try store.put(Array("ess output check\n".utf8), at: probe, contentType: "text/plain")
            try? store.delete(probe)
        } catch let error as ObjectStoreError {
            throw problem(error, field: "output.s3", location: location, doing: "put, copy and delete objects there (s3:PutObject, s3:GetObject, s3:DeleteObject)")
        }
    }

    static func problem(_ error: ObjectStoreError, field: String, location: S3Location, doing: String) -> JobSpecError {
        switch error.kind {
        case .noSuchBucket:
            return JobSpecError(field: field, problem: "the bucket `\(location.bucket)` does not exist; create it or correct the URL", unusable: true)
        case .accessDenied:
            return JobSpecError(
                field: field, problem: "access to \(location) is denied (\(error.code.isEmpty ? "HTTP 403" : error.code)); let the master's credentials \(doing)",
                unusable: true)
        case .noCredentials:
            return JobSpecError(field: field, problem: "the master has no AWS credentials for S3: \(error.message)", unusable: true)
        case .noSuchKey, .other:
            return JobSpecError(field: field, problem: "\(location) could not be checked: \(error)", unusable: true)
        }
    }
}

/// A lister that lets a check look through a bounded number of pages: past them it stops the
/// slicer (a prefix with so many keys before the first match is taken as usable).
struct PageCounter: ObjectLister {
    enum Enough: Error { case enough }

    let store: any ObjectStore
    let limit: Int
    let pages = Counter()

    init(_ store: any ObjectStore, limit: Int) {
        self.store = store
        self.limit = limit
    }

    final class Counter: @unchecked Sendable {
        var count = 0
    }

    func list(bucket: String, prefix: String, startAfter: String?, maxKeys: Int) throws -> ListingPage {
        pages.count += 1
        if pages.count > limit { throw Enough.enough }
        return try store.list(bucket: bucket, prefix: prefix, startAfter: startAfter, maxKeys: maxKeys)
    }

    func read(bucket: String, key: String, offset: Int64, count: Int) throws -> [UInt8] {
        try store.read(bucket: bucket, key: key, offset: offset, count: count)
    }
}
