import ArgumentParser
import Foundation
import LeadsCore
import LeadsKit

struct Demo: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "demo",
    abstract: "Build a sample team repository and run `show` and `lint` on it.",
    discussion: """
      Anna leads User Checkout, Andy the Widget API migration, Cem Search, and Ari, the tech lead, four posts. \
      Their history, made with git in a temporary folder, makes each history check fire once. Nothing in the \
      current repository is read or changed.

      Examples:
        leads demo
        leads demo --keep      # keep the sample repository to explore it
      """
  )

  @Flag(help: "Keep the sample repository and print where it is.")
  var keep = false

  @Option(help: ArgumentHelp("The day the story ends (YYYY-MM-DD); default: today.", valueName: "date"))
  var now: CalendarDate?

  func run() throws {
    let today = now ?? .today
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "leads-demo-\(UUID().uuidString.prefix(8))")
    defer { if !keep { try? FileManager.default.removeItem(at: folder) } }
    do {
      try DemoRepository.build(at: folder, now: today)
    } catch {
      throw CommandFailure(message: sentence(for: error))
    }
    let workspace: Workspace
    let shown: LintResult
    let linted: LintResult
    do {
      workspace = try Workspace(discoveringFrom: folder.path)
      shown = try workspace.lint(
        from: .workingTree, depth: .history(HistoryRequest(now: today, useCache: false)))
      linted = try workspace.lint(
        from: .workingTree, depth: .history(HistoryRequest(now: today, useCache: false)))
    } catch {
      throw CommandFailure(message: error.description)
    }
    try Console.line(
      "A sample team repository with \(DemoRepository.commitCount) commits over two years, up to \(today).\n")
    try Console.line("$ leads show\n")
    try Console.line(ShowReporter().text(shown.registry, history: shown.history))
    try Console.line("$ leads lint\n")
    try Console.out(
      TextReporter(color: ColorChoice.auto.enabled).render(
        LintReport(diagnostics: linted.diagnostics, filesChecked: linted.filesChecked)))
    try Console.line(
      TextReporter.summary(LintReport(diagnostics: linted.diagnostics, filesChecked: linted.filesChecked)))
    try Console.line("\n`leads rules RULE` explains each check.")
    if keep { try Console.line("The sample repository is kept at \(folder.path).") }
  }
}
