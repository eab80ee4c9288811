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
    help: ArgumentHelp("Write the report to this file instead of standard output.", valueName: "file"))
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
    if let output, output != "-" {
      try Report.write(Array(page.utf8), to: output)
      FileHandle.standardError.write(Data("leads: wrote \(output)\n".utf8))
    } else {
      FileHandle.standardOutput.write(Data(page.utf8))
    }
    printHistoryNotes(history)
    withExtendedLifetime(workspace) {}
  }

  /// A regular file (or a new one) is replaced atomically; anything else the user named (a pipe,
  /// `/dev/null`, a terminal) is written in place.
  static func write(_ bytes: [UInt8], to path: String) throws {
    var info = stat()
    do {
      if stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
        guard let handle = FileHandle(forWritingAtPath: path) else {
          throw CommandFailure(message: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
        try handle.write(contentsOf: bytes)
        try handle.close()
      } else {
        try AtomicFile.write(bytes, to: path)
      }
    } catch let failure as CommandFailure {
      throw failure
    } catch {
      throw CommandFailure(message: "\(error)")
    }
  }
}
