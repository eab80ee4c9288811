import ArgumentParser
import Foundation
import LeadsCore
import LeadsKit

enum SuggestFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json
}

struct Suggest: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "suggest",
    abstract: "Suggest who could lead (or back up) each post that needs someone, from history.",
    discussion: """
      Without ids, every post that needs someone: open posts, rotations overdue or due within \
      rotation_notice (60 days), leads who left, are leaving or are away a month or more, and posts without \
      a backup. Candidates are ranked by activity on the post in the activity window (3 points a commit, \
      at most 30), team membership (15), never having led a post (20: leadership spreads), having led the \
      post before (10), minus 5 for each post they lead now and 10 when away this month; someone already at \
      max_posts comes last. The current lead, people who left or are leaving, people with not_leading and \
      bots are never suggested. Each candidate says why.

      Examples:
        leads suggest
        leads suggest checkout --format json
      """)

  @Argument(help: "Posts to suggest a lead for (default: every post that needs someone).")
  var ids: [String] = []

  @Option(help: "Output format: text or json.")
  var format: SuggestFormat = .text

  @Flag(help: "List every candidate (text lists three per post).")
  var all = false

  @OptionGroup var source: PointInTimeOptions

  func run() throws {
    let (workspace, result) = try source.read()
    guard let history = result.history else {
      throw CommandFailure(message: "this repository has no history to read yet")
    }
    let known = Set(result.registry.posts.map(\.id.value))
    for id in ids where !known.contains(id) {
      let hint = Suggestions.closest(to: id, in: Array(known)).map { "; did you mean '\($0)'?" } ?? ""
      throw CommandFailure(message: "no service or initiative '\(OwnerReference.visible(id))'\(hint)")
    }
    let suggestions = Succession.suggest(registry: result.registry, history: history, ids: ids)
    try Console.out(
      format == .json
        ? Succession.json(suggestions) : Succession.text(suggestions, limit: all ? Int.max : 3))
    printHistoryNotes(history)
    withExtendedLifetime(workspace) {}
  }
}

struct Drill: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "drill",
    abstract:
      "Show what breaks if one person leaves: posts, backups and team leadership they take with them.",
    discussion: """
      Lists the posts that lose their lead, the posts that lose their last backup, the team leadership \
      categories nobody else holds, and the posts where the most recent activity was theirs — each with the \
      successor `leads suggest` ranks first once they are gone. --format json gives {"version": 1, "person", \
      "leaves", "posts_without_lead": [{"id", "successor"}], "posts_without_backup": [{"id", "successor"}], \
      "unheld_categories": [{"team", "category", "successor"}], "recent_activity": [{"id", "successor", \
      "last_activity"}]}; a successor is null when nobody can be suggested.

      Examples:
        leads drill --leave anna
        leads drill --leave anna --at 2026-12-31 --format json
      """)

  @Option(
    help: ArgumentHelp(
      "The person who would leave: a person id, an email or an @handle.", valueName: "person"))
  var leave: String

  @Option(help: ArgumentHelp("The day they would leave (YYYY-MM-DD); default: today.", valueName: "date"))
  var at: CalendarDate?

  @Option(help: "Output format: text or json.")
  var format: SuggestFormat = .text

  @OptionGroup var repository: RepositoryOptions

  @OptionGroup var history: HistoryOptions

  func run() throws {
    let workspace = try repository.workspace()
    let result: LintResult
    do {
      result = try workspace.lint(from: .workingTree, depth: .history(history.request))
    } catch {
      throw CommandFailure(message: error.description)
    }
    guard let facts = result.history else {
      throw CommandFailure(message: "this repository has no history to read yet")
    }
    let people = result.registry.entries.filter { $0.kind == .person }
    guard let person = result.registry.people.person(written: leave) else {
      let hint = Suggestions.hint(for: leave, in: people.map(\.id.value))
      throw CommandFailure(message: "no person '\(OwnerReference.visible(leave))' in the registry\(hint)")
    }
    let departure = Departure.drill(
      person, leaving: at ?? facts.now, registry: result.registry, history: facts)
    try Console.out(format == .json ? departure.json : departure.text)
    printHistoryNotes(facts)
    withExtendedLifetime(workspace) {}
  }
}
