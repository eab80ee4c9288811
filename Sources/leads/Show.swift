import ArgumentParser
import Foundation
import LeadsCore
import LeadsKit

enum ShowFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json
}

struct Show: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "show",
    abstract: "Show the registry: every post and person, one team, or one person.",
    discussion: """
      `leads show` with no subcommand runs `leads show all`, which takes --format, --at, --now, --no-cache and \
      -C (see `leads help show all`). --at DATE shows the registry as it was at the end of that day.

      Examples:
        leads show
        leads show --format json
        leads show --at 2026-03-31
        leads show team widget
        leads show person ari --format json
      """,
    subcommands: [ShowAll.self, ShowTeam.self, ShowPerson.self],
    defaultSubcommand: ShowAll.self
  )
}

/// What every view of `show` takes: the registry as of a day (see `PointInTimeOptions`) and the output format.
struct ShowOptions: ParsableArguments {
  @OptionGroup var source: PointInTimeOptions

  @Option(help: "Output format: text or json.")
  var format: ShowFormat = .text

  var json: Bool { format == .json }

  func read(runAuthors: Bool = false) throws -> (Workspace, LintResult) {
    try source.read(runAuthors: runAuthors)
  }
}

/// Where the repository is, how history is read, and the day to show (`--at`): what `show`, `log` and
/// `report` read.
struct PointInTimeOptions: ParsableArguments {
  @OptionGroup var repository: RepositoryOptions

  @OptionGroup var history: HistoryOptions

  @Option(
    help: ArgumentHelp(
      "Show the registry as it was at the end of this day (YYYY-MM-DD, UTC): the last first-parent commit "
        + "by then, with tenures and activity as of that day.", valueName: "date"))
  var at: CalendarDate?

  /// Reads the registry and its full history (as of `--at` when given); with `runAuthors`, also who began
  /// each lead's run.
  func read(runAuthors: Bool = false) throws -> (Workspace, LintResult) {
    let workspace = try repository.workspace()
    var request = history.request
    var source = Source.workingTree
    if let at {
      let found: PastCommit?
      do {
        found = try workspace.commit(landedByEndOf: at)
      } catch {
        throw CommandFailure(message: error.description)
      }
      guard let found else {
        throw CommandFailure(message: "no commit on the first-parent line had landed by \(at)")
      }
      if history.now == nil { request.now = at }
      Console.error("leads: as of \(at): commit \(found.commit.prefix(10)), landed \(found.landed)\n")
      source = .commit(found)
    }
    do {
      request.runAuthors = runAuthors
      return (workspace, try workspace.lint(from: source, depth: .history(request)))
    } catch {
      throw CommandFailure(message: error.description)
    }
  }
}

struct ShowTeam: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "team",
    abstract: "Show teams: members, tech leads, who holds each kind of leadership, their posts, and spread.",
    discussion: """
      Spread is how many members lead a post now and how many led one in the last two years, read from \
      history.

      Examples:
        leads show team
        leads show team widget --format json
      """)

  @Argument(help: "A team id (default: every team).")
  var id: String?

  @OptionGroup var options: ShowOptions

  func run() throws {
    let (_, result) = try options.read()
    guard
      let output = TeamViews.teams(
        id, registry: result.registry, history: result.history, json: options.json)
    else {
      let ids = result.registry.entries.filter { $0.kind == .team }.map(\.id.value)
      throw CommandFailure(message: "no team '\(id ?? "")'\(Suggestions.hint(for: id ?? "", in: ids))")
    }
    try Console.out(output.hasSuffix("\n") ? output : output + "\n")
  }
}

struct ShowPerson: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "person",
    abstract:
      "Show one person: what they lead and back up and since when, their teams, load, and past posts.",
    discussion: """
      Example:
        leads show person ari
      """)

  @Argument(help: "A person id.")
  var id: String

  @OptionGroup var options: ShowOptions

  func run() throws {
    let (_, result) = try options.read()
    guard
      let output = TeamViews.person(
        id, registry: result.registry, history: result.history, json: options.json)
    else {
      throw CommandFailure(
        message: "no person '\(id)'\(Suggestions.hint(for: id, in: result.registry.people.ids))")
    }
    try Console.out(output)
  }
}

struct ShowAll: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "all",
    abstract: "List every post and person in the registry (what `leads show` does).",
    discussion: """
      Shows each service and initiative with its lead, since when they lead it (from history), how long, their \
      last activity on the post, backups, when rotation is due, and paths or status; then the people. Lines \
      fit the terminal (100 columns when the output is not one): a long list of paths ends in "… (+N)", \
      the number left out, or each post becomes a card of indented lines when even the other columns do not \
      fit; --wide prints the whole table, and --format json always has everything. Files \
      with errors are listed as far as they could be read; run `leads lint` for the errors.

      Examples:
        leads show
        leads show --format json | jq '.entries[] | .lead'
      """
  )

  @OptionGroup var options: ShowOptions

  @Flag(
    help: "Print every path, however wide the lines get (by default they fit the terminal, or 100 columns).")
  var wide = false

  func run() throws {
    let (workspace, result) = try options.read()
    let reporter = ShowReporter()
    let output =
      options.json
      ? reporter.json(result.registry, history: result.history)
      : reporter.text(result.registry, history: result.history, width: wide ? nil : Console.width)
    try Console.out(output)
    printHistoryNotes(result.history)
    // Only errors in registry files can leave entries out of this view; drift, coverage or overlaps cannot.
    let registryFolder = workspace.registryFolder + "/"
    let files = Set(
      result.diagnostics.filter {
        $0.severity == .error && $0.path.hasPrefix(registryFolder)
          && !CodeownersGenerator.rulesThatKeepTheLines.contains($0.rule)
      }.map(\.path)
    ).count
    if files > 0 {
      let subject = files == 1 ? "1 registry file has" : "\(files) registry files have"
      Console.error("leads: \(subject) errors and may be missing here; run `leads lint`\n")
    }
    // As in `lint`: leave without releasing the repository's caches one by one.
    withExtendedLifetime(workspace) { Foundation.exit(0) }
  }
}
