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
    abstract: "Write a leadership report: tenure timeline, posts, load, findings and teams.",
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

  @OptionGroup var source: PointInTimeOptions

  func run() throws {
    let (workspace, result) = try source.read(runAuthors: true)
    guard let history = result.history else {
      throw CommandFailure(message: "this repository has no history to read yet")
    }
    let report = LeadershipReport(
      repository: title ?? URL(fileURLWithPath: workspace.root).lastPathComponent, registry: result.registry,
      history: history, diagnostics: result.diagnostics)
    let page = format == .html ? HTMLReport.render(report) : MarkdownReport.render(report)
    do {
      let destination = try OutputFile.destination(
        of: output ?? "-", cwd: source.repository.startFolder, tree: workspace.tree)
      try OutputFile.write(Array(page.utf8), to: destination)
      if destination != .standardOutput, let output { Console.error("leads: wrote \(output)\n") }
    } catch {
      throw CommandFailure(message: error.message)
    }
    printHistoryNotes(history)
    withExtendedLifetime(workspace) {}
  }
}
