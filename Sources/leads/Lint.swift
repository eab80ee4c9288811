import ArgumentParser
import Foundation
import LeadsCore
import LeadsKit

struct Lint: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Check every lead file under registry/.",
    discussion: """
      Findings go to standard output; a summary goes to standard error. Exit status: 0 when nothing is at error \
      severity, 1 when something is (with --strict, warnings count too), 2 for usage errors and repositories \
      that cannot be read.

      Examples:
        leads lint
        leads lint --staged                      # what the next commit contains (pre-commit hook)
        leads lint --format json > leads.json
        leads lint --format sarif > leads.sarif  # GitHub code scanning
        leads lint --format github               # annotations in GitHub Actions
      """
  )

  @OptionGroup var repository: RepositoryOptions

  @Option(help: "Output format: text, json, sarif or github.")
  var format: ReportFormat = .text

  @Flag(help: "Lint the files staged in the index (what the next commit contains), not the working tree.")
  var staged = false

  @Flag(help: "Fail (exit 1) on warnings as well as errors.")
  var strict = false

  @Option(help: "Colour text output: auto (on a terminal, unless NO_COLOR is set), always or never.")
  var color: ColorChoice = .auto

  func run() throws {
    let workspace = try repository.workspace()
    let result: LintResult
    do {
      result = try workspace.lint(from: staged ? .staged : .workingTree)
    } catch {
      throw CommandFailure(message: error.description)
    }
    let report = LintReport(diagnostics: result.diagnostics, filesChecked: result.filesChecked)
    FileHandle.standardOutput.write(Data(format.render(report, color: format == .text && color.enabled).utf8))
    if format == .text {
      FileHandle.standardError.write(Data((TextReporter.summary(report) + "\n").utf8))
    }
    let failing: Severity = strict ? .warning : .error
    if let worst = result.worstSeverity, worst >= failing { throw ExitCode(1) }
  }
}
