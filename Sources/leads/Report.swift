import ArgumentParser
import Foundation
import LeadsCore
import LeadsKit

enum PageFormat: String, ExpressibleByArgument, CaseIterable {
  case html, markdown
}

struct Report: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Write a leadership report: actions, load, trends, tenure timeline, posts, findings and teams.",
    discussion: """
      HTML (the default) is one self-contained page: inline SVG and CSS, no scripts, nothing fetched from the \
      network, printable and legible in dark mode, every chart followed by a table with the same facts. \
      Markdown suits a wiki page or a pull-request comment. Both show a timeline of every post's leads, \
      rotation due dates and handoffs neither lead confirmed; each person's load now and over time; every \
      `leads lint` finding grouped by check; and each team's leadership and spread.

      Examples:
        leads report -o leadership.html
        leads report --format markdown > leadership.md
        leads report --at 2026-03-31 -o march.html
        leads report --since 2026-11-01 --format markdown  # what changed

      With --from, the report is built from snapshots that `leads export` wrote in each repository (their CI \
      jobs' artifacts): `leads report --from api.json --from web.json -o org.html`, anywhere. People are \
      joined across repositories by id, email or handle; each post is named REPOSITORY/ID; load counts every \
      repository; overloaded-lead and the checks that need only the registry and the date (departed-lead, \
      no-backup, the team checks) are evaluated across all of them, teams of the same id being one team.
      """)

  @Option(help: "Output format: html or markdown.")
  var format: PageFormat = .html

  @Option(
    name: [.customShort("o"), .customLong("output")],
    help: ArgumentHelp(
      "Write the report to this file (`-` or /dev/stdout: standard output). A symbolic link is never replaced, "
        + "and a folder link inside the repository may not lead outside it.", valueName: "file"))
  var output: String?

  @Option(help: "The page's title (default: the repository folder's name).")
  var title: String?

  @Option(
    help: ArgumentHelp(
      "Add what changed since this day (YYYY-MM-DD): handoffs, posts added and removed, findings that appeared "
        + "and were resolved. The Markdown report is then only that.", valueName: "date"))
  var since: CalendarDate?

  @Option(
    help: ArgumentHelp(
      "Build the report from this snapshot (`leads export`) instead of the repository; repeat it to report on "
        + "many repositories at once. Runs outside any repository.", valueName: "file"))
  var from: [String] = []

  @OptionGroup var source: PointInTimeOptions

  func validate() throws {
    if !from.isEmpty && (since != nil || source.at != nil) {
      throw ValidationError("--since and --at read a repository's history; with --from, leave them out")
    }
  }

  func run() throws {
    if !from.isEmpty { return try fromSnapshots() }
    let (workspace, result) = try source.read(runAuthors: true)
    guard let history = result.history else {
      throw CommandFailure(message: "this repository has no history to read yet")
    }
    var report = LeadershipReport(
      repository: title ?? URL(fileURLWithPath: workspace.root).lastPathComponent, registry: result.registry,
      history: history, diagnostics: result.diagnostics)
    do {
      report.addTrends(try trendSamples(workspace, now: history.now, today: result.registry))
      if let since {
        guard since < history.now else {
          throw CommandFailure(message: "--since \(since) is not before the report's day, \(history.now)")
        }
        report.compare(
          since: since, then: try registry(workspace, asOf: since), registry: result.registry,
          diagnostics: result.diagnostics)
      }
    } catch let error as WorkspaceError {
      throw CommandFailure(message: error.description)
    }
    try write(
      format == .html ? HTMLReport.render(report) : MarkdownReport.render(report), tree: workspace.tree)
    printHistoryNotes(history)
    withExtendedLifetime(workspace) {}
  }

  /// The report over the snapshots `--from` names.
  func fromSnapshots() throws {
    var snapshots: [(source: String, bytes: [UInt8])] = []
    let cwd = source.repository.startFolder
    for file in from {
      let path = file.hasPrefix("/") ? file : cwd + "/" + file
      var isFolder: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue,
        let data = FileManager.default.contents(atPath: path)
      else {
        throw CommandFailure(message: "cannot read the snapshot \(file): no such file")
      }
      snapshots.append((file, Array(data)))
    }
    let merged: (report: LeadershipReport, notes: [String])
    do {
      merged = try SnapshotMerge.report(snapshots, title: title)
    } catch {
      throw CommandFailure(message: "\(error)")
    }
    for note in merged.notes { Console.error("leads: note: \(note)\n") }
    try write(
      format == .html ? HTMLReport.render(merged.report) : MarkdownReport.render(merged.report), tree: nil)
  }

  /// Writes the page where `-o` says (standard output by default).
  func write(_ page: String, tree: WorkingTree?) throws {
    do {
      let destination = try OutputFile.destination(
        of: output ?? "-", cwd: source.repository.startFolder, tree: tree)
      try OutputFile.write(Array(page.utf8), to: destination)
      if destination != .standardOutput, let output { Console.error("leads: wrote \(output)\n") }
    } catch {
      throw CommandFailure(message: error.message)
    }
  }

  /// The registry and its findings at the end of `day`, measured as of that day; nil when no registry had
  /// landed by then.
  func registry(_ workspace: Workspace, asOf day: CalendarDate) throws(WorkspaceError)
    -> (registry: Registry, diagnostics: [Diagnostic])?
  {
    guard let commit = try workspace.commit(landedByEndOf: day) else { return nil }
    var request = source.history.request
    request.now = day
    request.runs = false
    do {
      let then = try workspace.lint(from: .commit(commit), depth: .history(request))
      return (then.registry, then.diagnostics)
    } catch .noRegistry {
      return nil
    }
  }

  /// The registry as it was on each day of the trend (today's is the one being reported); days before the
  /// registry existed are left out.
  func trendSamples(_ workspace: Workspace, now: CalendarDate, today: Registry) throws(WorkspaceError)
    -> [(day: CalendarDate, registry: Registry)]
  {
    var samples: [(day: CalendarDate, registry: Registry)] = []
    let days = LeadershipReport.trendDays(until: now)
    // One walk finds every day's commit; each reads the registry folder alone (not the whole tree), once per
    // distinct state of it.
    var read: [String: Registry] = [:]
    for (day, commit) in zip(days, try workspace.commits(landedByEndOf: days)) {
      if day == now {
        samples.append((day, today))
        continue
      }
      guard let commit, let tree = try workspace.registryTree(at: commit) else { continue }
      if let known = read[tree] {
        samples.append((day, known))
      } else if let input = try workspace.registryFiles(at: commit) {
        let registry = Linter.read(input).registry
        read[tree] = registry
        samples.append((day, registry))
      }
    }
    return samples
  }
}
