import ArgumentParser
import Foundation
import LeadsCore
import LeadsKit

/// Options of the commands that write lead files.
struct AuthoringOptions: ParsableArguments {
  @Flag(
    name: .customLong("no-codeowners"),
    help:
      "Do not update the generated block of CODEOWNERS in the same step (it is updated when there is one).")
  var skipCodeowners = false
}

/// Shared by the authoring commands: validate a file's new content against the whole registry, then write it,
/// with the generated CODEOWNERS block that follows from it.
struct AuthoringSession {
  let workspace: Workspace
  let input: LintInput
  let registry: Registry
  let updatesCodeowners: Bool
  /// The day the dated checks (`departed-lead`, `forced-lead`) are measured from.
  let today: CalendarDate

  init(_ repository: RepositoryOptions, _ options: AuthoringOptions? = nil, today: CalendarDate = .today)
    throws
  {
    self.today = today
    workspace = try repository.workspace()
    do {
      input = try workspace.lintInput(from: .workingTree)
    } catch WorkspaceError.noRegistry {
      input = LintInput(files: [], trackedFiles: [])
    } catch {
      throw CommandFailure(message: error.description)
    }
    let linted = Linter.lint(input)
    registry = linted.registry
    errors = linted.diagnostics.filter { $0.severity == .error }
    updatesCodeowners = !(options?.skipCodeowners ?? false)
  }

  /// The registry's errors as it is now.
  let errors: [Diagnostic]

  func post(_ id: String) throws -> Entry {
    guard let post = registry.posts.first(where: { $0.id.value == id }) else {
      // A file that would be this post but does not parse (a repeated key, broken YAML): say why.
      if let problem = errors.first(where: { ($0.path as NSString).lastPathComponent == id + ".md" }) {
        throw CommandFailure(
          message:
            "\(problem.path):\(problem.position.line):\(problem.position.column): \(problem.message); fix the file, then run this again"
        )
      }
      let hint = Suggestions.hint(for: id, in: registry.posts.map(\.id.value))
      let advice = hint.isEmpty ? "; `leads show` lists them" : hint
      throw CommandFailure(message: "no service or initiative '\(id)'\(advice)")
    }
    return post
  }

  /// Lints the registry as it would be with `content` at `path`; writes only when that file has no error. When
  /// the repository keeps a generated CODEOWNERS block, it is updated in the same step, so that the next lint
  /// or commit does not find drift this command caused.
  func write(_ content: String, to path: String, creating: Bool) throws {
    do {
      _ = try workspace.workingTree(to: "write \(path) into")
    } catch {
      throw CommandFailure(message: error.description)
    }
    var candidate = input
    candidate.files.removeAll { $0.path == path }
    if path == input.configPath { candidate.parsedConfig = nil }  // parsed again from the new text
    // A new file is tracked once it is added: count it, so that coverage and patterns see it.
    candidate.trackedFiles = candidate.trackedFiles.inserting(path)
    candidate.files.append(RegistryFile(path: path, content: .bytes(Array(content.utf8))))
    let result = Linter.lint(candidate, today: today)
    // Every error the change brings, whichever file it lands on (an overlap may be reported on the other
    // service's file): errors the registry already had are not this command's to refuse, and neither are
    // CODEOWNERS drift (this command updates the block, or was told not to) and coverage (about the tree).
    struct Known: Hashable {
      let rule: RuleID
      let path: String
      let message: String
    }
    let before = Set(
      Linter.lint(input, today: today).diagnostics.filter { $0.severity == .error }.map {
        Known(rule: $0.rule, path: $0.path, message: $0.message)
      })
    let problems = result.diagnostics.filter { finding in
      finding.severity == .error && finding.rule != .codeownersDrift && finding.rule != .coverage
        && (finding.path == path
          || !before.contains(Known(rule: finding.rule, path: finding.path, message: finding.message)))
    }
    guard problems.isEmpty else {
      Console.error(TextReporter(color: false).render(LintReport(diagnostics: problems, filesChecked: 1)))
      Console.error("leads: \(path) was not written: it would not lint clean\n")
      throw ExitCode(1)
    }
    let codeowners = updatesCodeowners ? try codeownersUpdate(for: result) : nil
    do {
      try workspace.write(Array(content.utf8), to: path, what: "the lead file", creating: creating)
      if let codeowners {
        try workspace.write(codeowners.bytes, to: codeowners.path, what: "CODEOWNERS")
        Console.error("leads: updated the generated block of \(codeowners.path)\n")
      }
    } catch {
      throw CommandFailure(message: error.description)
    }
  }

  /// The new CODEOWNERS, when the repository keeps a generated block and the registry's change moves it.
  private func codeownersUpdate(for result: LintResult) throws -> (path: String, bytes: [UInt8])? {
    guard let codeowners = input.codeowners, let existing = codeowners.content,
      CodeownersFile.hasMarkers(existing) || registry.config.codeownersFile != nil
    else { return nil }
    switch CodeownersUpdate(result, codeowners: codeowners) {
    case .blocked(let errors):
      printError(
        "leads: note: \(codeowners.path) was not updated: the registry has errors elsewhere (\(errors[0].path)); fix them, then run `leads codeowners --write`"
      )
      return nil
    case .unusable(let path, let problem):
      throw CommandFailure(
        message: "\(path):\(problem.line): \(problem.message); nothing was written (or use --no-codeowners)")
    case .ready(let plan):
      return plan.isUpToDate ? nil : (plan.path, plan.expected)
    }
  }

  func read(_ path: String) throws -> String {
    let bytes: [UInt8]?
    do {
      bytes = try workspace.read(path, from: .workingTree, what: "the lead file")
    } catch {
      throw CommandFailure(message: error.description)
    }
    guard let bytes else { throw CommandFailure(message: "cannot read \(path): it does not exist") }
    return String(decoding: bytes, as: UTF8.self)
  }
}

struct Init: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "init",
    abstract: "Create registry/ with a config listing every default and a README on the format.",
    discussion: """
      With --team, also writes a team file for each team, to fill in with `leads new person` and an editor \
      (members, tech leads, who holds each kind of leadership).

      Examples:
        leads init
        leads init --team platform --team checkout
        leads new person cleo --email cleo@example.com --handle @cleo
      """)

  @OptionGroup var repository: RepositoryOptions

  @Option(name: .customLong("team"), help: "A team to create a file for (repeatable).")
  var teams: [String] = []

  func run() throws {
    let session = try AuthoringSession(repository)
    var files = [
      ("registry/leads.yml", RegistryTemplate.config), ("registry/README.md", RegistryTemplate.readme),
    ]
    var seen = Set<String>()
    for team in teams {
      guard seen.insert(team.lowercased()).inserted else {
        throw CommandFailure(message: "--team \(team) is given twice")
      }
      do {
        files.append(
          (
            try NewEntry.path(kind: .team, id: team, in: session.registry),
            RegistryTemplate.team(team)
          ))
      } catch {
        throw CommandFailure(message: error.description)
      }
    }
    do {
      // Check every file before writing any, so that a refusal leaves nothing half done.
      guard let tree = session.workspace.tree else {
        _ = try session.workspace.workingTree(to: "create registry/ in")
        return
      }
      for (path, _) in files {
        let resolved: WorkingTree.Resolved
        do {
          resolved = try tree.resolve(path, what: "leads init")
        } catch {
          throw WorkspaceError.refused(error.message)
        }
        if resolved.exists { throw WorkspaceError.refused("\(path) already exists; it is left as it is") }
      }
      for (path, text) in files {
        try session.workspace.write(Array(text.utf8), to: path, what: "leads init", creating: true)
      }
    } catch let error as WorkspaceError {
      throw CommandFailure(message: error.description)
    }
    let written = files.map(\.0)
    Console.error(
      "leads: created \(written.dropLast().joined(separator: ", ")) and \(written.last ?? "")\n")
  }
}

struct New: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "new",
    abstract: "Add a service, initiative, person or team file.",
    discussion: """
      Examples:
        leads new service pay --lead anna --backup andy --path /services/pay/
        leads new initiative widget-api --lead andy --backup anna --due 2027-03-31
        leads new person cleo --name Cleo --email cleo@example.com --handle @cleo
      """,
    subcommands: [NewService.self, NewInitiative.self, NewPerson.self, NewTeam.self])
}

struct PostOptions: ParsableArguments {
  @Argument(help: "The id (also the file name).")
  var id: String

  @Option(help: "The lead: a person id, an email or an @handle.")
  var lead: String

  @Option(help: "A backup (repeat for several).")
  var backup: [String] = []

  @Option(help: "A CODEOWNERS pattern the post owns (repeat for several).")
  var path: [String] = []

  @Option(help: "A readable name.")
  var title: String?

  @Option(help: "The team the post belongs to (a team id).")
  var team: String?

  func fields() -> [(key: String, value: String)] {
    [("lead", EntryText.scalar(lead)), ("backup", EntryText.list(backup))]
      + (path.isEmpty ? [] : [("paths", EntryText.list(path))])
      + (team.map { [("team", EntryText.scalar($0))] } ?? [])
  }
}

struct NewService: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "service", abstract: "Add a service: a lead, backups and the paths it owns.",
    discussion: "Example:\n  leads new service pay --lead anna --backup andy --path /services/pay/")

  @OptionGroup var repository: RepositoryOptions
  @OptionGroup var post: PostOptions
  @OptionGroup var authoring: AuthoringOptions

  func run() throws {
    let session = try AuthoringSession(repository, authoring)
    try create(session, kind: .service, id: post.id, title: post.title, fields: post.fields())
  }
}

struct NewInitiative: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "initiative", abstract: "Add an initiative: a lead, backups, status and dates.",
    discussion: "Example:\n  leads new initiative widget-api --lead andy --backup anna --due 2027-03-31")

  @OptionGroup var repository: RepositoryOptions
  @OptionGroup var post: PostOptions
  @OptionGroup var authoring: AuthoringOptions

  @Option(help: "proposed, active, paused, done or dropped.")
  var status: String = "active"

  @Option(help: "When it started (YYYY-MM-DD); default: today.")
  var started: CalendarDate?

  @Option(help: "When it is due (YYYY-MM-DD).")
  var due: CalendarDate?

  func run() throws {
    let session = try AuthoringSession(repository, authoring)
    let today = CalendarDate.today
    var fields =
      post.fields() + [("status", EntryText.scalar(status)), ("started", (started ?? today).description)]
    if let due { fields.append(("due", due.description)) }
    try create(session, kind: .initiative, id: post.id, title: post.title, fields: fields)
  }
}

struct NewPerson: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "person", abstract: "Add a person: every email they commit with, and their forge handle.",
    discussion:
      "Example:\n  leads new person cleo --name Cleo --email cleo@example.com --handle @cleo")

  @OptionGroup var repository: RepositoryOptions
  @OptionGroup var authoring: AuthoringOptions

  @Argument(help: "The id (also the file name), used as lead or backup.")
  var id: String

  @Option(help: "The person's name.")
  var name: String?

  @Option(help: "An email they commit with (repeat for several).")
  var email: [String] = []

  @Option(help: "Their forge handle, for CODEOWNERS (@name).")
  var handle: String?

  func run() throws {
    let session = try AuthoringSession(repository, authoring)
    var fields: [(key: String, value: String)] = []
    if let name { fields.append(("name", EntryText.scalar(name))) }
    fields.append(("emails", EntryText.list(email)))
    if let handle {
      fields.append(("handle", EntryText.scalar(handle.hasPrefix("@") ? handle : "@" + handle)))
    }
    try create(session, kind: .person, id: id, title: nil, fields: fields)
  }
}

func create(
  _ session: AuthoringSession, kind: EntryKind, id: String, title: String?,
  fields: [(key: String, value: String)]
) throws {
  let path: String
  do {
    path = try NewEntry.path(kind: kind, id: id, in: session.registry)
  } catch {
    throw CommandFailure(message: error.description)
  }
  let body = kind == .person ? "" : "# \(title ?? id)\n"
  try session.write(
    EntryText.newEntry(kind: kind, title: title, fields: fields, body: body), to: path, creating: true)
  Console.error("leads: wrote \(path)\n")
}

struct Rotate: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rotate",
    abstract: "Hand a post to a new lead, and print the commit message to use.",
    discussion: """
      The old lead becomes a backup (or leaves the post with --old-lead leave); the new lead leaves the backups. \
      A handoff is confirmed by the commit that makes it: authored by the new or the old lead (or with one of \
      them in a Co-authored-by: trailer, which they should add themselves). `unreviewed-handoff` reports a \
      handoff confirmed by neither. The printed message carries no trailer, so it never confirms by itself. \
      A generated CODEOWNERS block is updated in the same step (--no-codeowners skips it). Without --to, \
      nothing changes: the post's best candidates are printed, ranked as `leads suggest` ranks them.

      Examples:
        leads rotate checkout --to andy
        leads rotate checkout            # who could take it
      """)

  @OptionGroup var repository: RepositoryOptions
  @OptionGroup var authoring: AuthoringOptions

  @Argument(help: "The service or initiative.")
  var post: String

  @Option(help: "The new lead: a person id, an email or an @handle (without it: who could take the post).")
  var to: String?

  @Option(help: "What becomes of the old lead: backup or leave.")
  var oldLead: Handoff.OldLead = .backup

  @Option(
    help: ArgumentHelp(
      "The day the handoff is checked for (whether the new lead has left or takes no posts); default: today.",
      valueName: "date"))
  var now: CalendarDate?

  func run() throws {
    let session = try AuthoringSession(repository, authoring, today: now ?? .today)
    let entry = try session.post(post)
    guard let to else { return try suggest(entry, in: session) }
    let handoff: Handoff
    do {
      handoff = try Handoff(of: entry, to: to, oldLead: oldLead, people: session.registry.people)
    } catch {
      throw CommandFailure(message: error.description)
    }
    let text = try session.read(entry.file)
    guard let changed = EntryText.setting(handoff.values, in: text) else {
      throw CommandFailure(message: "\(entry.file) has no front matter to change")
    }
    try session.write(changed, to: entry.file, creating: false)
    try Console.line(handoff.commitMessage)
    if let oldLead = handoff.oldLead {
      printError(
        "leads: updated \(entry.file); commit it with the message above as \(oldLead), or as \(to) with \(oldLead)'s review (committed by anyone else, unreviewed-handoff reports it; by \(to) alone, self-appointed-handoff)"
      )
      if let trailer = Rotate.reviewTrailer(for: oldLead, in: session.registry) {
        printError(
          "leads: if \(oldLead) approved it elsewhere (a pull-request review), add this line to the message:\n\(trailer)"
        )
      }
    } else {
      printError(
        "leads: updated \(entry.file): \(to) leads the open post '\(entry.id.value)'; commit it as \(to)")
    }
  }
  /// `Reviewed-by: Name <email>` for the old lead, when the registry knows an address of theirs.
  static func reviewTrailer(for written: String, in registry: Registry) -> String? {
    guard case .success(let reference) = OwnerReference.parse(written) else { return nil }
    let person = registry.people.person(for: reference)
    let email: String? =
      if case .email(let address) = reference { address } else { person?.emails.first?.value }
    guard let email else { return nil }
    return "Reviewed-by: \(person?.name ?? person?.id.value ?? written) <\(email)>"
  }

  /// The post's best candidates, from history; nothing is written.
  func suggest(_ entry: Entry, in session: AuthoringSession) throws {
    let result: LintResult
    do {
      result = try session.workspace.lint(
        from: .workingTree, depth: .history(HistoryRequest(now: session.today, useCache: true)))
    } catch {
      throw CommandFailure(message: error.description)
    }
    guard let history = result.history else {
      throw CommandFailure(message: "name the new lead with --to (there is no history to suggest one from)")
    }
    let suggestions = Succession.suggest(registry: result.registry, history: history, ids: [entry.id.value])
    try Console.out(Succession.text(suggestions.filter { $0.role == .lead }))
    let first = suggestions.first?.candidates.first?.person ?? "PERSON"
    printError("leads: nothing changed; hand it over with `leads rotate \(entry.id.value) --to \(first)`")
  }
}

extension Handoff.OldLead: ExpressibleByArgument {}

struct Checkin: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "checkin",
    abstract: "Record that a post's lead checked in on it, and print the commit message to use.",
    discussion: """
      Writes 'Last check-in: DATE by LEAD' into the post's file. Committed by the lead, it counts as their \
      activity on the post (what `forgotten-lead` looks for).

      Example:
        leads checkin checkout
      """)

  @OptionGroup var repository: RepositoryOptions
  @OptionGroup var authoring: AuthoringOptions

  @Argument(help: "The service or initiative.")
  var post: String

  @Option(help: "The day of the check-in (YYYY-MM-DD); default: today.")
  var now: CalendarDate?

  func run() throws {
    let session = try AuthoringSession(repository, authoring, today: now ?? .today)
    let entry = try session.post(post)
    let lead = entry.lead?.value ?? "its lead"
    let day = now ?? .today
    let text = try session.read(entry.file)
    let changed = EntryText.settingBodyLine(
      prefix: NewEntry.checkInPrefix, to: NewEntry.checkInLine(on: day, by: lead), in: text)
    try session.write(changed, to: entry.file, creating: false)
    try Console.line("Check in on \(post)\n\n\(lead) looked over \(post) on \(day).")
    Console.error("leads: updated \(entry.file); commit it as \(lead)\n")
  }
}

struct NewTeam: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "team",
    abstract: "Add a team: its members, tech leads, who holds each kind of leadership, and its forge handle.",
    discussion: """
      Example:
        leads new team gadget --handle @acme/gadget \\
          --member ari --member anna --member andy --tech-lead ari \\
          --direction dana --people dana --project bea --technical ari
      """)

  @OptionGroup var repository: RepositoryOptions
  @OptionGroup var authoring: AuthoringOptions

  @Argument(help: "The id (also the file name), used by posts as their team.")
  var id: String

  @Option(help: "A member (repeat for several).")
  var member: [String] = []

  @Option(help: "A tech lead, one of the members (repeat for several).")
  var techLead: [String] = []

  @Option(help: "The forge team, for CODEOWNERS (@org/team).")
  var handle: String?

  @Option(help: "Who sets the team's overall direction (repeat for several).")
  var direction: [String] = []

  @Option(help: "Who manages the team's people (repeat for several).")
  var people: [String] = []

  @Option(help: "Who manages the team's projects (repeat for several).")
  var project: [String] = []

  @Option(help: "Who leads the team technically (repeat for several).")
  var technical: [String] = []

  @Option(help: "A readable name.")
  var title: String?

  func run() throws {
    let session = try AuthoringSession(repository, authoring)
    var fields: [(key: String, value: String)] = [
      ("members", EntryText.list(member)), ("tech_leads", EntryText.list(techLead)),
    ]
    if let handle { fields.append(("handle", EntryText.scalar(handle))) }
    let categories = [
      ("direction", direction), ("people", people), ("project", project), ("technical", technical),
    ]
    .filter { !$0.1.isEmpty }
    if !categories.isEmpty {
      fields.append(
        (
          "leadership",
          "{" + categories.map { "\($0.0): \(EntryText.list($0.1))" }.joined(separator: ", ") + "}"
        ))
    }
    try create(session, kind: .team, id: id, title: title, fields: fields)
  }
}
