import Foundation
import LeadsCore
import LeadsGit

/// Builds the sample repository `leads demo` shows: a small team whose history makes each history rule fire once.
///
/// Dates are relative to `now`, so the story stays true whenever it runs. The repository is made with the git
/// command line under an isolated configuration, exactly as a team's own commits would be.
public enum DemoRepository {
  struct Person {
    let id: String
    let name: String
    var email: String { "\(id)@example.com" }
    var signature: String { "\(name) <\(email)>" }
  }

  static let anna = Person(id: "anna", name: "Anna Lindqvist")
  static let andy = Person(id: "andy", name: "Andy Okafor")
  static let ari = Person(id: "ari", name: "Ari Haddad")
  static let bea = Person(id: "bea", name: "Bea Novak")
  static let cem = Person(id: "cem", name: "Cem Yilmaz")
  static let dana = Person(id: "dana", name: "Dana Reyes")

  /// One commit of the story: `daysAgo` before now, by `author`, writing `files`.
  struct Step {
    let daysAgo: Int
    let author: Person
    let message: String
    let files: [String: String]
  }

  static func service(
    _ title: String, lead: String, backup: [String], paths: [String], team: String = "platform"
  ) -> String {
    """
    ---
    kind: service
    title: \(title)
    lead: \(lead)
    backup: [\(backup.joined(separator: ", "))]
    team: \(team)
    paths:
    \(paths.map { "  - \($0)" }.joined(separator: "\n"))
    ---
    # \(title)

    """
  }

  static func person(_ person: Person) -> String {
    "---\nkind: person\nname: \(person.name)\nemails: [\(person.email)]\nhandle: '@\(person.id)'\n---\n"
  }

  /// The number of commits in the story.
  public static var commitCount: Int { story(now: CalendarDate(daysSinceEpoch: 0)).count }

  /// The story, oldest first; dates are days before `now`.
  static func story(now: CalendarDate) -> [Step] {
    func date(_ daysAgo: Int) -> CalendarDate { CalendarDate(daysSinceEpoch: now.daysSinceEpoch - daysAgo) }
    var steps: [Step] = []
    func add(_ daysAgo: Int, _ author: Person, _ message: String, _ files: [String: String]) {
      steps.append(Step(daysAgo: daysAgo, author: author, message: message, files: files))
    }
    var people: [String: String] = [:]
    for member in [anna, andy, ari, bea, cem, dana] {
      people["registry/people/\(member.id).md"] = person(member)
    }
    add(
      700, anna, "Start the ownership registry; Anna leads User Checkout",
      people.merging([
        "registry/README.md": "# Who leads what\n",
        "registry/services/user-checkout.md": service(
          "User Checkout", lead: "anna", backup: ["andy"],
          paths: ["/services/address/", "/services/inventory/"], team: "checkout"),
        // Ari, the platform team's tech lead, comes to lead four of its five posts, and nobody manages the
        // team's projects: centralized-leadership and unheld-category.
        "registry/teams/platform.md": """
        ---
        kind: team
        title: Platform
        handle: '@example/platform'
        members: [ari, bea, cem, dana]
        tech_leads: [ari]
        leadership: {direction: dana, people: bea, technical: ari}
        ---
        Billing, reporting, search, notifications and the CI pipeline.

        """,
        "registry/teams/checkout.md": """
        ---
        kind: team
        title: Checkout
        handle: '@example/checkout'
        members: [anna, andy]
        tech_leads: [anna]
        leadership: {direction: anna, people: andy, project: andy, technical: anna}
        ---

        """,
        "services/address/main.swift": "// address\n", "services/inventory/main.swift": "// inventory\n",
      ]) { first, _ in first })
    add(
      400, bea, "Bea leads Reporting",
      [
        "registry/services/reporting.md": service(
          "Reporting", lead: "bea", backup: ["ari"], paths: ["/services/reporting/"]),
        "services/reporting/main.swift": "// reporting\n",
      ])
    add(
      300, ari, "Ari leads Billing",
      [
        "registry/services/billing.md": service(
          "Billing", lead: "ari", backup: ["bea"], paths: ["/services/billing/"]),
        "services/billing/main.swift": "// billing\n",
      ])
    add(
      250, ari, "Ari leads the CI pipeline",
      [
        "registry/services/ci-pipeline.md": service(
          "CI pipeline", lead: "ari", backup: ["cem"], paths: ["/.ci/"]),
        ".ci/run": "#!/bin/sh\nswift test\n",
      ])
    add(
      200, cem, "Cem leads Search, with Dana as backup",
      [
        "registry/services/search.md": service(
          "Search", lead: "cem", backup: ["dana"], paths: ["/services/search/"]),
        "services/search/main.swift": "// search\n",
      ])
    add(
      200, andy, "Andy leads the Widget API migration",
      [
        "registry/initiatives/widget-api.md": """
        ---
        kind: initiative
        title: Move to the new Widget API
        lead: andy
        backup: [anna]
        team: checkout
        status: active
        started: \(date(200))
        due: \(date(30))
        ---
        Plan: docs/widget-api.md

        """
      ])
    add(150, dana, "Tune search ranking", ["services/search/ranking.swift": "// ranking v1\n"])
    add(120, ari, "Billing: retry failed charges", ["services/billing/retry.swift": "// retry\n"])
    add(
      100, cem, "Reporting now belongs to Ari",
      [
        "registry/services/reporting.md": service(
          "Reporting", lead: "ari", backup: ["bea"], paths: ["/services/reporting/"])
      ])
    add(
      40, ari, "Ari also leads Notifications",
      [
        "registry/services/notifications.md": service(
          "Notifications", lead: "ari", backup: [], paths: ["/services/notifications/"]),
        "services/notifications/main.swift": "// notifications\n",
      ])
    for day in 0..<11 {
      add(
        85 - day * 7, cem, "Search: improvement \(day + 1)",
        ["services/search/main.swift": "// search v\(day + 2)\n"])
    }
    add(60, bea, "Search: fix a typo", ["services/search/README.md": "Search\n"])
    for (index, days) in [70, 45, 20].enumerated() {
      add(
        days, bea, "Billing: invoice fix \(index + 1)",
        ["services/billing/invoice.swift": "// invoice v\(index + 1)\n"])
    }
    for (index, days) in [80, 50, 25, 5].enumerated() {
      add(
        days, anna, "Address: speed up lookups (\(index + 1))",
        ["services/address/main.swift": "// address v\(index + 2)\n"])
    }
    for (index, days) in [66, 33].enumerated() {
      add(
        days, andy, "Inventory: cleanup \(index + 1)",
        ["services/inventory/main.swift": "// inventory v\(index + 2)\n"])
    }
    for (index, days) in [75, 35, 12].enumerated() {
      add(
        days, ari, "CI: faster builds \(index + 1)",
        [".ci/run": "#!/bin/sh\nswift test --parallel # \(index + 1)\n"])
    }
    add(30, ari, "Reporting: monthly export", ["services/reporting/export.swift": "// export\n"])
    // The backups practise (all but Dana, who is a backup on paper only).
    add(
      26, anna, "Widget API: review the cutover plan\n\nInitiative: widget-api",
      ["docs/widget-api.md": "# Cutover plan (draft)\n"])
    add(22, bea, "Reporting: fix the totals", ["services/reporting/totals.swift": "// totals\n"])
    add(15, cem, "CI: cache the toolchain", [".ci/cache": "toolchain\n"])
    add(10, ari, "Notifications: digest emails", ["services/notifications/digest.swift": "// digest\n"])
    add(
      9, andy, "Widget API: update the cutover plan\n\nInitiative: widget-api",
      ["docs/widget-api.md": "# Cutover plan\n"])
    return steps.sorted { $0.daysAgo > $1.daysAgo }
  }

  /// Writes the story into `folder` (which must not exist) as a git repository.
  public static func build(at folder: URL, now: CalendarDate) throws {
    func date(_ daysAgo: Int) -> CalendarDate { CalendarDate(daysSinceEpoch: now.daysSinceEpoch - daysAgo) }
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try run(["init", "-q", "-b", "main"], in: folder, date: now)
    for step in story(now: now) {
      for (path, text) in step.files {
        let url = folder.appendingPathComponent(path)
        try FileManager.default.createDirectory(
          at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try AtomicFile.write(Array(text.utf8), to: url.path)
      }
      try run(["add", "-A"], in: folder, date: date(step.daysAgo))
      try run(
        ["commit", "-q", "-m", step.message], in: folder, date: date(step.daysAgo), author: step.author)
    }
  }

  private static func run(_ arguments: [String], in folder: URL, date: CalendarDate, author: Person? = nil)
    throws
  {
    let who = author ?? anna
    let environment: [String: String?] = [
      "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": who.name,
      "GIT_AUTHOR_EMAIL": who.email, "GIT_COMMITTER_NAME": who.name, "GIT_COMMITTER_EMAIL": who.email,
      "GIT_AUTHOR_DATE": "\(date)T10:00:00Z", "GIT_COMMITTER_DATE": "\(date)T10:00:00Z",
      "GIT_DIR": nil, "GIT_WORK_TREE": nil, "GIT_INDEX_FILE": nil,
    ]
    do {
      _ = try ChildProcess.run(
        .git, ["-C", folder.path, "-c", "commit.gpgsign=false"] + arguments, environment: environment,
        what: "git \(arguments.first ?? "")")
    } catch {
      throw DemoError(
        error.description.hasPrefix("git is not installed")
          ? "the demo needs the git command line; install git and run it again" : error.description)
    }
  }
}

/// Why the demo could not be built.
public struct DemoError: Error, CustomStringConvertible {
  public let description: String

  init(_ description: String) {
    self.description = description
  }
}
