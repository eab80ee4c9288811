import ArgumentParser
import Foundation
import LeadsCore
import LeadsKit

struct Lint: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lint",
    abstract: "Check every lead file under registry/.",
    discussion: """
      Findings go to standard output; a summary goes to standard error. Exit status: 0 when nothing is at error \
      severity, 1 when something is (with --strict, warnings count too), 2 for usage errors and repositories \
      that cannot be read.

      Examples:
        leads lint
        leads lint --staged                      # the next commit (pre-commit hook)
        leads lint --format json > leads.json
        leads lint --format sarif > leads.sarif  # GitHub code scanning
        leads lint --format github               # annotations in GitHub Actions
        leads lint --now 2026-06-01 --no-cache   # reproducible history checks

      History checks (stale-owner, forgotten-lead, unrotated-post, silo, overloaded-lead, unreviewed-handoff, \
      lead-since) read the repository's history and report warnings by default; they run on the working tree. \
      --staged and --no-history read no history: they run every other check, including the ones that need \
      only the date (departed-lead, forced-lead, no-backup, overdue-initiative and the team checks), as of \
      --now.
      """
  )

  @OptionGroup var repository: RepositoryOptions

  @Option(help: "Output format: text, json, sarif or github.")
  var format: ReportFormat = .text

  @Flag(help: "Lint the files staged in the index (what the next commit contains), not the working tree.")
  var staged = false

  @Flag(help: "Fail (exit 1) on warnings as well as errors.")
  var strict = false

  @Flag(help: "Run the static checks only, without reading history.")
  var noHistory = false

  @OptionGroup var history: HistoryOptions

  @Option(help: "Colour text output: auto (on a terminal, unless NO_COLOR is set), always or never.")
  var color: ColorChoice = .auto

  func validate() throws {
    if staged && history.noCache {
      throw ValidationError("--staged reads no history, so --no-cache changes nothing; leave it out")
    }
  }

  func run() throws {
    let workspace = try repository.workspace()
    let result: LintResult
    var request = history.request
    request.runs = false  // no rule reads the history of past leads
    do {
      result = try workspace.lint(
        from: staged ? .staged : .workingTree,
        depth: staged || noHistory ? .today(request.now) : .history(request))
    } catch {
      throw CommandFailure(message: error.description)
    }
    let report = LintReport(
      diagnostics: result.diagnostics, filesChecked: result.filesChecked,
      history: result.history.map(HistorySummary.init))
    try Console.out(format.render(report, color: format == .text && color.enabled))
    if format == .text {
      Console.error(TextReporter.summary(report) + "\n")
    }
    printHistoryNotes(result.history)
    let failing: Severity = strict ? .warning : .error
    let failed = result.worstSeverity.map { $0 >= failing } ?? false
    // Exit while the repository is still open: the OS reclaims libgit2's caches at once, whereas releasing
    // them object by object takes about a tenth of a second on a large history.
    withExtendedLifetime(workspace) { Foundation.exit(failed ? 1 : 0) }
  }
}
