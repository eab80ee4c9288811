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
        leads lint --strict --new-since main     # fail only on what the branch adds
        leads lint --format github --output sarif=leads.sarif

      With --new-since REF, the merge base of HEAD and REF is linted the same way (same --now, same config as \
      the current tree) and only findings it does not have count toward the exit status; the others are \
      printed too, marked "existing". Findings are matched by rule, entry, person and other entry (and, for \
      findings without numbers, by what they name), never by line or day count: a warning that grows a day \
      older is still the same one.

      History checks (stale-owner, forgotten-lead, unrotated-post, silo, overloaded-lead, unreviewed-handoff, \
      lead-since) read the repository's history and report warnings by default; they run on the working tree. \
      --staged and --no-history read no history: they run every other check, including the ones that need \
      only the date (departed-lead, forced-lead, no-backup, overdue-initiative and the team checks), as of \
      --now.
      """
  )

  @OptionGroup var repository: RepositoryOptions

  @Option(help: "Output format: text, json, sarif, github or codeclimate (GitLab Code Quality).")
  var format: ReportFormat = .text

  @Option(
    name: .customLong("output"),
    help: ArgumentHelp(
      "Also write the report in FORMAT to FILE, from the same run (repeatable).", valueName: "format=file"),
    transform: FormatOutput.init)
  var outputs: [FormatOutput] = []

  @Option(
    help: ArgumentHelp(
      "Count toward the exit status only findings that the merge base of HEAD and this revision does not have.",
      valueName: "rev"))
  var newSince: String?

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
    if staged && newSince != nil {
      throw ValidationError(
        "--staged lints the next commit, which the pre-commit hook blocks on any error; --new-since is for CI"
      )
    }
  }

  func run() throws {
    let workspace = try repository.workspace()
    let result: LintResult
    var request = history.request
    request.runs = false  // no rule reads the history of past leads
    let depth: LintDepth = staged || noHistory ? .today(request.now) : .history(request)
    // The merge base is linted beside HEAD, on another core.
    let base = try newSince.map { try startBaseline($0, in: workspace, depth: depth) }
    do {
      result = try workspace.lint(from: staged ? .staged : .workingTree, depth: depth)
    } catch {
      throw CommandFailure(message: error.description)
    }
    var report = LintReport(
      diagnostics: result.diagnostics, filesChecked: result.filesChecked,
      history: result.history.map(HistorySummary.init))
    if let newSince, let base {
      report.baseline = try baseline(newSince, base.join().get(), of: result.diagnostics)
    }
    // The files first: a refused path stops the run before anything is printed, as a usage error would.
    for output in outputs {
      do {
        let destination = try OutputFile.destination(
          of: output.file, cwd: repository.startFolder, tree: workspace.tree)
        try OutputFile.write(Array(output.format.render(report).utf8), to: destination)
      } catch {
        throw CommandFailure(message: error.message)
      }
    }
    try Console.out(format.render(report, color: format == .text && color.enabled))
    if format == .text {
      Console.error(TextReporter.summary(report) + "\n")
    }
    printHistoryNotes(result.history)
    let failing: Severity = strict ? .warning : .error
    let failed = report.diagnostics.indices.contains { index in
      report.diagnostics[index].severity >= failing && !report.isExisting(index)
    }
    // Exit while the repository is still open: the OS reclaims libgit2's caches at once, whereas releasing
    // them object by object takes about a tenth of a second on a large history.
    withExtendedLifetime(workspace) { Foundation.exit(failed ? 1 : 0) }
  }

  /// The merge base of HEAD and `revision`, linted as HEAD is.
  enum BaseLint: Sendable {
    /// HEAD and the revision share no commit this clone has.
    case unrelated
    case linted(mergeBase: String, diagnostics: [Diagnostic])
  }

  /// Finds the merge base of HEAD and `revision` and starts linting it on another thread (through its own
  /// workspace: a repository handle is not shared between threads).
  func startBaseline(_ revision: String, in workspace: Workspace, depth: LintDepth) throws
    -> Concurrently.Pending<Result<BaseLint, CommandFailure>>
  {
    let base: PastCommit
    do {
      switch try workspace.mergeBase(with: revision) {
      case .found(let found): base = found
      case .unknown:
        throw CommandFailure(
          message:
            "--new-since: no revision named '\(OwnerReference.visible(revision))' in this repository; in CI, fetch it first (git fetch origin main) and name it origin/main"
        )
      case .unrelated:
        Console.error(
          "leads: note: HEAD and \(revision) share no commit this clone has (fetch more history): every finding counts as new\n"
        )
        return Concurrently.Pending { .success(.unrelated) }
      }
    } catch let error as WorkspaceError {
      throw CommandFailure(message: error.description)
    }
    let start = repository.startFolder
    return Concurrently.Pending { () -> Result<BaseLint, CommandFailure> in
      do throws(WorkspaceError) {
        let workspace = try Workspace(discoveringFrom: start)
        let before = try workspace.lint(from: .commit(base), depth: depth, configFrom: .workingTree)
        return .success(.linted(mergeBase: base.commit, diagnostics: before.diagnostics))
      } catch .noRegistry {
        // The registry is new since then: everything in it is.
        return .success(.linted(mergeBase: base.commit, diagnostics: []))
      } catch {
        return .failure(
          CommandFailure(
            message: "--new-since: cannot lint \(revision)'s merge base \(base.commit): \(error)"))
      }
    }
  }

  /// Which of `diagnostics` the merge base has.
  func baseline(_ revision: String, _ base: BaseLint, of diagnostics: [Diagnostic]) -> Baseline {
    switch base {
    case .unrelated:
      return Baseline(revision: revision, mergeBase: nil, existing: diagnostics.map { _ in false })
    case .linted(let mergeBase, let before):
      return Baseline(
        revision: revision, mergeBase: mergeBase, existing: FindingIdentity.existing(diagnostics, in: before))
    }
  }
}

/// `--output FORMAT=FILE`.
struct FormatOutput {
  var format: ReportFormat
  var file: String

  init(_ argument: String) throws {
    let formats = ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")
    guard let equals = argument.firstIndex(of: "="), argument.index(after: equals) < argument.endIndex else {
      throw ValidationError("--output takes FORMAT=FILE, for example sarif=leads.sarif (formats: \(formats))")
    }
    let name = String(argument[..<equals])
    guard let format = ReportFormat(rawValue: name) else {
      throw ValidationError("--output: no format '\(name)'; the formats are \(formats)")
    }
    self.format = format
    self.file = String(argument[argument.index(after: equals)...])
  }
}
