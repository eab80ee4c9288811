import ArgumentParser
import Foundation
import LeadsCore
import LeadsKit

struct Export: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Write a snapshot of the registry for a report over many repositories.",
    discussion: """
      The snapshot is one versioned JSON document: the registry's files as read, every post, person and team \
      with what history says of them (as `leads show --format json` gives them), every post's lead runs, the \
      addresses history ties to handles, every `leads lint` finding, today and the repository's name. \
      `leads report --from FILE --from FILE…` builds one report from several, outside any repository: each \
      repository's CI exports its snapshot as an artifact, and one scheduled job merges them.

      Examples:
        leads export -o leads-snapshot.json
        leads export --name payments-api -o payments.json
      """)

  @Option(
    name: [.customShort("o"), .customLong("output")],
    help: ArgumentHelp(
      "Write the snapshot to this file (`-` or /dev/stdout: standard output).", valueName: "file"))
  var output: String?

  @Option(help: "The repository's name in the snapshot (default: its folder's name).")
  var name: String?

  @OptionGroup var repository: RepositoryOptions

  @OptionGroup var history: HistoryOptions

  func run() throws {
    let workspace = try repository.workspace()
    var request = history.request
    request.runAuthors = true
    let input: LintInput
    let result: LintResult
    do {
      input = try workspace.lintInput(from: .workingTree)
      result = try workspace.lint(from: .workingTree, depth: .history(request))
    } catch {
      throw CommandFailure(message: error.description)
    }
    guard let history = result.history else {
      throw CommandFailure(message: "this repository has no history to read yet")
    }
    let snapshot = Snapshot.export(
      repository: name ?? URL(fileURLWithPath: workspace.root).lastPathComponent, input: input,
      result: result,
      history: history)
    do {
      let destination = try OutputFile.destination(
        of: output ?? "-", cwd: repository.startFolder, tree: workspace.tree)
      try OutputFile.write(Array(snapshot.utf8), to: destination)
      if destination != .standardOutput, let output { Console.error("leads: wrote \(output)\n") }
    } catch {
      throw CommandFailure(message: error.message)
    }
    printHistoryNotes(history)
    withExtendedLifetime(workspace) {}
  }
}
