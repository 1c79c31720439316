import ArgumentParser
import JobAPI

/// `ess notify`: subscriptions to job and cluster events, over the master's API.
struct NotifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify",
        abstract: "Be told of job and cluster events: signed webhooks or mail, delivered by the master.",
        discussion: """
            Events: job.<status> (job.pending, job.running, job.completed, job.failed, …, and
            Xplenty's job.submitted, job.started), cluster.requested, cluster.available,
            cluster.idled, cluster.terminated, cluster.error; wildcards *, job.*, cluster.*.
            The URL may hold ${JOB_ID}, ${JOB_NAME}, ${EVENT}, ${JOB_STATUS}, ${CLUSTER_ID}, ….
            Webhooks are signed as Standard Webhooks says; the secret is shown once, at `add`
            (or `rotate`).

            Examples:
              ess notify add --url https://example.com/hook --event 'job.*' --persistent
              ess notify add --url 'mailto:me@example.com' --event job.failed --job 3
              ess notify list
              ess notify attempts 1
              ess notify test 1
            """,
        subcommands: [
            NotifyAddCommand.self, NotifyListCommand.self, NotifyShowCommand.self, NotifyAttemptsCommand.self, NotifyTestCommand.self,
            NotifyRotateCommand.self, NotifyDeleteCommand.self,
        ]
    )
}

/// `ess notify add`.
struct NotifyAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Subscribe a URL (http, https or mailto) to events.", discussion: "Example:\n  ess notify add --url 'https://example.com/h?job=${JOB_ID}' --event job.completed --job 3")

    @Option(help: ArgumentHelp("Where to send: http(s) URL (with ${…} variables) or mailto:.", valueName: "URL"))
    var url: String
    @Option(help: ArgumentHelp("The event or wildcard (job.completed, job.*, cluster.available, *).", valueName: "EVENT"))
    var event: String
    @Option(help: ArgumentHelp("Only this job's events.", valueName: "ID"))
    var job: Int64?
    @Option(help: ArgumentHelp("Only this cluster's events.", valueName: "ID"))
    var cluster: Int64?
    @Flag(help: "Keep firing (default: fire once, as Agave does).")
    var persistent = false
    @Option(name: .customLong("retry-strategy"), help: ArgumentHelp("NONE, IMMEDIATE, DELAYED or EXPONENTIAL (default).", valueName: "S"))
    var retryStrategy: String?
    @Option(name: .customLong("retry-limit"), help: ArgumentHelp("Retries at most (0–1440; default 8).", valueName: "N"))
    var retryLimit: Int?
    @Option(name: .customLong("retry-delay"), help: ArgumentHelp("Seconds before the first retry.", valueName: "S"))
    var retryDelay: Double?
    @Option(name: .customLong("retry-rate"), help: ArgumentHelp("Seconds between later retries (DELAYED).", valueName: "S"))
    var retryRate: Double?
    @OptionGroup var output: OutputOptions

    func run() throws {
        let given = [retryStrategy as Any?, retryLimit, retryDelay, retryRate].contains { $0 != nil }
        let policy = given ? NotificationPolicyDocument(retryStrategy: retryStrategy, retryLimit: retryLimit, retryDelay: retryDelay, retryRate: retryRate) : nil
        let made = try MasterConnection.client().addNotification(
            NotificationRequestDocument(url: url, event: event, job_id: job, cluster_id: cluster, persistent: persistent, policy: policy))
        if output.json { return try JSONOutput.print(made) }
        print("notification \(made.id): \(made.event) → \(made.url)\(made.persistent ? " (persistent)" : " (once)")")
        print("signing secret (shown once; `ess notify rotate \(made.id)` makes a new one): \(made.secret ?? "")")
    }
}

/// `ess notify list`.
struct NotifyListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the subscriptions.", discussion: "Example:\n  ess notify list --json")
    @OptionGroup var output: OutputOptions

    func run() throws {
        let all = try MasterConnection.client().notifications()
        if output.json { return try JSONOutput.print(all) }
        print(all.isEmpty ? "no notifications" : NotifyRenderer.table(all))
    }
}

/// `ess notify show ID`.
struct NotifyShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one subscription and its delivery counts.", discussion: "Example:\n  ess notify show 1")
    @Argument(help: "The notification's id.") var id: Int64
    @OptionGroup var output: OutputOptions

    func run() throws {
        let one = try MasterConnection.client().notification(String(id))
        if output.json { return try JSONOutput.print(one) }
        print(NotifyRenderer.details(one))
    }
}

/// `ess notify attempts ID`.
struct NotifyAttemptsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "attempts", abstract: "List every delivery attempt of a subscription.", discussion: "Example:\n  ess notify attempts 1")
    @Argument(help: "The notification's id.") var id: Int64
    @OptionGroup var output: OutputOptions

    func run() throws {
        let attempts = try MasterConnection.client().notificationAttempts(String(id))
        if output.json { return try JSONOutput.print(attempts) }
        print(attempts.isEmpty ? "no attempts yet" : NotifyRenderer.attempts(attempts))
    }
}

/// `ess notify test ID`.
struct NotifyTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "test", abstract: "Send a `test` event to a subscription now.", discussion: "Example:\n  ess notify test 1")
    @Argument(help: "The notification's id.") var id: Int64

    func run() throws {
        let answer = try MasterConnection.client().testNotification(String(id))
        print("test event queued for notification \(id) (webhook-id \(answer["webhook_id"] ?? "?")); `ess notify attempts \(id)` shows how it went")
    }
}

/// `ess notify rotate ID`.
struct NotifyRotateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rotate", abstract: "Give a subscription a new signing secret.", discussion: "Example:\n  ess notify rotate 1")
    @Argument(help: "The notification's id.") var id: Int64

    func run() throws {
        let made = try MasterConnection.client().rotateNotification(String(id))
        print("new signing secret of notification \(made.id) (shown once): \(made.secret ?? "")")
    }
}

/// `ess notify delete ID`.
struct NotifyDeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a subscription with its attempts.", discussion: "Example:\n  ess notify delete 1")
    @Argument(help: "The notification's id.") var id: Int64

    func run() throws {
        let gone = try MasterConnection.client().deleteNotification(String(id))
        print("notification \(gone.id) deleted (\(gone.event) → \(gone.url))")
    }
}
