import ArgumentParser
import Foundation
import LeadsCore
import LeadsKit

enum ShowFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json
}

struct Show: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "show",
    abstract: "List every post and person in the registry.",
    discussion: """
      Shows each service and initiative with its lead, since when they lead it (from history), how long, their \
      last activity on the post, backups, when rotation is due, and paths or status; then the people. Files \
      with errors are listed as far as they could be read; run `leads lint` for the errors.

      Examples:
        leads show
        leads show --format json | jq '.entries[] | select(.kind == "service") | .lead'
      """
  )

  @OptionGroup var repository: RepositoryOptions

  @Option(help: "Output format: text or json.")
  var format: ShowFormat = .text

  @OptionGroup var history: HistoryOptions

  func run() throws {
    let workspace = try repository.workspace()
    let result: LintResult
    do {
      var request = history.request
      request.fullTenure = true
      result = try workspace.lint(from: .workingTree, history: request)
    } catch {
      throw CommandFailure(message: error.description)
    }
    let reporter = ShowReporter()
    let output =
      format == .json
      ? reporter.json(result.registry, history: result.history)
      : reporter.text(result.registry, history: result.history)
    FileHandle.standardOutput.write(Data(output.utf8))
    printHistoryNotes(result.history)
    // Only errors in registry files can leave entries out of this view; drift, coverage or overlaps cannot.
    let registryFolder = workspace.registryFolder + "/"
    let files = Set(
      result.diagnostics.filter {
        $0.severity == .error && $0.path.hasPrefix(registryFolder)
          && !CodeownersGenerator.rulesThatKeepTheLines.contains($0.rule)
      }.map(\.path)
    ).count
    if files > 0 {
      let subject = files == 1 ? "1 registry file has" : "\(files) registry files have"
      FileHandle.standardError.write(
        Data("leads: \(subject) errors and may be missing here; run `leads lint`\n".utf8))
    }
    // As in `lint`: leave without releasing the repository's caches one by one.
    withExtendedLifetime(workspace) { Foundation.exit(0) }
  }
}
