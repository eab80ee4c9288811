import ArgumentParser
import Foundation
import LeadsCore
import LeadsKit

struct CoverageCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "coverage",
    abstract: "Show the share of tracked files that have owners, overall and per top-level folder.",
    discussion: """
      Owners are those the whole CODEOWNERS gives once `leads codeowners --write` has run: hand-written lines \
      and the generated block, as the forge reads them (--registry-only: the generated lines alone). With `coverage: {minimum: 80}` in registry/leads.yml, \
      lint fails below 80%. With `coverage: {baseline: registry/coverage-baseline.txt}`, lint reports only \
      unowned files that are not in that list, and --update-baseline rewrites it with today's unowned files, \
      so coverage can only go up.

      Examples:
        leads coverage
        leads coverage --all --format json
        leads coverage --update-baseline
      """
  )

  @OptionGroup var repository: RepositoryOptions

  @Option(help: "Output format: text or json.")
  var format: WhoFormat = .text

  @Flag(help: "List every unowned file (text lists the first 20).")
  var all = false

  @Flag(help: "Write today's unowned files to the baseline file the config names.")
  var updateBaseline = false

  @Flag(help: "Count only the registry's generated lines, without the hand-written ones.")
  var registryOnly = false

  func run() throws {
    let workspace = try repository.workspace()
    if updateBaseline {
      do {
        _ = try workspace.workingTree(to: "write the coverage baseline into")
      } catch {
        throw CommandFailure(message: error.description)
      }
    }
    let reading: Linter.Reading
    do {
      reading = Linter.read(try workspace.lintInput(from: .workingTree))
    } catch {
      throw CommandFailure(message: error.description)
    }
    let registry = reading.registry
    noteFilesLeftOut(reading.filesLeftOut)
    let coverage = Coverage(registry, registryOnly: registryOnly)
    if updateBaseline {
      guard let baseline = registry.config.coverageBaseline else {
        throw CommandFailure(
          message:
            "no baseline file to update: set coverage.baseline in \(registry.config.path) (for example registry/coverage-baseline.txt)"
        )
      }
      let tolerated = coverage.baseline(at: baseline, in: registry)
      do {
        try workspace.write(
          Array(tolerated.text.utf8), to: baseline, what: "coverage.baseline (\(registry.config.path))")
      } catch {
        throw CommandFailure(message: error.description)
      }
      return printError("leads: wrote \(baseline) (\(tolerated.count) unowned files)")
    }
    let reporter = CoverageReporter()
    try Console.out(format == .json ? reporter.json(coverage) : reporter.text(coverage, listAll: all))
  }
}
