import ArgumentParser
import Foundation
import LeadsCore
import LeadsKit

struct Log: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "log",
    abstract: "Show every lead each post has had, oldest first, with dates read from history.",
    discussion: """
      Each run of a lead: since and until (`now` for the current lead in text, null in JSON), how many days, the commit \
      that began it and who made it, and whether a handoff was confirmed by the old or the new lead (as \
      `unreviewed-handoff` judges). Runs follow the tenure rules of `leads show`: the first-parent line, \
      dated by the landing commit, an entry followed by its id, spellings of one person one lead. A post \
      deleted and created again starts over at its re-creation. A person's id gives the posts they led.

      Examples:
        leads log
        leads log billing
        leads log ari --all --format json
      """)

  @Argument(help: "Posts or people (default: every post).")
  var ids: [String] = []

  @Flag(help: "Also list posts that no longer exist, with the day they were removed.")
  var all = false

  @OptionGroup var options: ShowOptions

  func run() throws {
    let (workspace, result) = try options.read(runAuthors: true)
    guard let history = result.history else {
      throw CommandFailure(message: "this repository has no history to read yet")
    }
    let (output, unknown) = LogView.render(
      ids, all: all, registry: result.registry, history: history, json: options.json)
    if let first = unknown.first {
      let known = result.registry.entries.filter { $0.isPost || $0.kind == .person }.map(\.id.value)
      throw CommandFailure(
        message: "no post or person '\(first)'\(Suggestions.hint(for: first, in: known))")
    }
    try Console.out(output)
    printHistoryNotes(history)
    withExtendedLifetime(workspace) {}
  }
}
