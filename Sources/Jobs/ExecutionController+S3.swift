import Foundation
import JobModel
import MasterModel

/// S3 inputs and outputs: the worker fetches and puts the objects itself with URLs the master
/// signs as it dispatches each slice; the master commits each completed slice's output
/// (CopyObject from the attempt's staging key, then deletes it), and before the execution ends
/// removes every staging object and, when it completed, writes the manifest.
extension ExecutionController {
    /// Seconds a presigned GET is good for: a worker starts fetching as soon as it gets the slice.
    static let fetchURLLifetime = 3600
    /// The longest a presigned URL may be good for (SigV4's limit, 7 days).
    static let longestURLLifetime = 604_800

    /// The execution's S3 places, resolved with its variables and ids (nil: it uses no S3).
    struct S3Places {
        let store: any ObjectStore
        let input: S3Location?
        let outputs: S3Outputs?
    }

    /// Resolves the spec's S3 URLs and reaches the store; makes the `s3` slicer.
    func openS3() throws {
        guard spec.usesS3 else { return }
        // A recovery writes where the execution it recovers wrote (`{ex_id}` is that one's).
        let (input, output) = try S3URLs.resolve(spec, jobID: record.jobID, exID: record.recoverOf ?? exID)
        let store = try objectStores.store()
        s3 = S3Places(store: store, input: input, outputs: output.map { S3Outputs(prefix: $0, exID: exID) })
        if case .s3(let source) = spec.inputs, let input {
            slicer = S3Slicer(location: input, input: source, lister: store, cursor: record.cursor)
        }
    }

    /// The presigned fetches of a slice's objects.
    func fetches(for input: SliceInput) -> [ObjectFetch] {
        guard let s3, let objects = input.objects else { return [] }
        return objects.map { piece in
            ObjectFetch(
                url: s3.store.presignedGET(piece.location, expires: Self.fetchURLLifetime), name: piece.location.description,
                offset: piece.offset, length: piece.length)
        }
    }

    /// Where an attempt puts its output, presigned for as long as it may run.
    func upload(for index: Int64, attempt: Int) -> ObjectUpload? {
        guard let s3, let outputs = s3.outputs else { return nil }
        let staging = outputs.staging(index, attempt: attempt)
        let lifetime = spec.sliceTimeout.map { min(Self.longestURLLifetime, Int($0) + 900) } ?? Self.longestURLLifetime
        return ObjectUpload(url: s3.store.presignedPUT(staging, expires: lifetime), name: staging.description)
    }

    /// Commits an attempt's output: copies its staging object to the slice's part, then removes
    /// the staging object (one left behind is removed when the execution ends). Committing the
    /// same slice again (a restarted master) writes one attempt's bytes whole over the part.
    func commitS3(_ index: Int64, attempt: Int) -> ScheduleEvent {
        guard let s3, let outputs = s3.outputs else { return .outputCommitted(index: index) }
        let staging = outputs.staging(index, attempt: attempt)
        do {
            try s3.store.copy(from: staging, to: outputs.part(index))
        } catch {
            return .commitFailed(index: index, reason: "\(error)")
        }
        try? s3.store.delete(staging)
        return .outputCommitted(index: index)
    }

    /// Removes an attempt's staging object that will not be committed (best effort).
    func discardS3(_ index: Int64, attempt: Int) {
        guard let s3, let outputs = s3.outputs else { return }
        try? s3.store.delete(outputs.staging(index, attempt: attempt))
    }

    /// Before the end is recorded: removes every staging object of this execution (and of the
    /// one it recovers), then, when it completed, writes the manifest.
    func finalizeS3(completed: Bool) -> ScheduleEvent {
        guard let s3, let outputs = s3.outputs else { return .outputsFinalized }
        // The manifest reads the completed slices from the store: write the batch first.
        flush()
        do {
            for ex in [exID] + (record.recoverOf.map { [$0] } ?? []) {
                try removeAll(under: outputs.staging(of: ex), in: s3.store)
            }
            if completed {
                let manifest = try OutputManifest.make(
                    outputs: outputs, input: s3.input, jobID: record.jobID, slices: completedInputs(), lister: s3.store)
                try s3.store.put(try manifest.encoded(), at: outputs.manifest, contentType: "application/json")
            }
            return .outputsFinalized
        } catch {
            return .finalizeFailed(reason: "\(error)")
        }
    }

    /// Every object under `folder`, removed a page at a time.
    func removeAll(under folder: S3Location, in store: any ObjectStore) throws {
        while true {
            let page = try store.list(bucket: folder.bucket, prefix: folder.key, startAfter: nil, maxKeys: 1000)
            for object in page.objects { try store.delete(folder.sibling(object.key)) }
            if page.objects.isEmpty || !page.truncated { return }
        }
    }

    /// The inputs of every completed slice, by index: this execution's, and for a recovery
    /// its parent's where this one has none (their outputs are in the same prefix).
    func completedInputs() throws -> [Int64: SliceInput] {
        var inputs: [Int64: SliceInput] = [:]
        for ex in (record.recoverOf.map { [$0] } ?? []) + [exID] {
            var after: Int64 = -1
            while true {
                let page = try journal.store.slices(of: ex, in: [.completed], after: after, limit: 1000)
                for slice in page {
                    inputs[slice.index] = try JSONDecoder().decode(SliceInput.self, from: Data(slice.input.utf8))
                }
                guard let last = page.last else { break }
                after = last.index
            }
        }
        return inputs
    }
}
