import ArgumentParser
import Foundation
import LeadsCore
import LeadsKit

struct Hook: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "hook",
    abstract: "Install, remove or run the pre-commit hook.",
    discussion: """
      The hook lints what is staged — the registry and CODEOWNERS as the commit will contain them, and \
      coverage of the staged tree — and stops the commit on errors, printing each with its file and line. \
      History findings are for CI, not reasons to block a commit. It runs on every commit, since a new file \
      changes coverage too.

      Examples:
        leads hook install    # into .git/hooks (chains a hook found there)
        leads hook uninstall  # removes only what install added
        leads hook run        # what the hook runs
      """,
    subcommands: [Install.self, Uninstall.self, Run.self]
  )

  struct Install: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "install",
      abstract: "Install the pre-commit hook; an existing hook keeps running first.",
      discussion: "Example:\n  leads hook install")

    @OptionGroup var repository: RepositoryOptions

    func run() throws {
      let installed: PreCommitHook.Installed
      do {
        installed = try PreCommitHook(try repository.workspace()).install(
          binary: PreCommitHook.runningExecutable())
      } catch let error as WorkspaceError {
        throw CommandFailure(message: error.description)
      }
      switch installed {
      case .alreadyThere(let path):
        printError("leads: the hook is already installed at \(path)")
      case .updated(let path):
        printError("leads: updated the pre-commit hook at \(path): it named another leads binary")
      case .installed(let path, let chained, let tracked):
        let note = chained.map { "; the hook that was there runs first (\($0))" } ?? ""
        printError("leads: installed the pre-commit hook at \(path)\(note)")
        if let tracked {
          printError(
            "leads: note: the hooks folder \(tracked)/ is tracked in this repository, so the hook is a change to commit and share: it names no path of this machine (it runs the leads on PATH, or LEADS) and chains the hook that was there by its name in the folder"
          )
        }
      }
    }
  }

  struct Uninstall: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "uninstall",
      abstract: "Remove the hook `leads hook install` added, restoring a hook it chained.",
      discussion: "Example:\n  leads hook uninstall")

    @OptionGroup var repository: RepositoryOptions

    func run() throws {
      let removed: PreCommitHook.Removed
      do {
        removed = try PreCommitHook(try repository.workspace()).uninstall()
      } catch let error as WorkspaceError {
        throw CommandFailure(message: error.description)
      }
      switch removed {
      case .removed(let path): printError("leads: removed the hook at \(path)")
      case .restoredChained: printError("leads: removed the hook and restored the one it chained")
      case .nothingInstalled(let path): printError("leads: no pre-commit hook at \(path); nothing to remove")
      }
    }
  }

  struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "run",
      abstract: "Lint what is staged and fail on errors (what the hook runs).",
      discussion: "Example:\n  leads hook run")

    @OptionGroup var repository: RepositoryOptions

    @Option(
      help: ArgumentHelp(
        "The day dated checks are measured from (YYYY-MM-DD, UTC); default: today.", valueName: "date"))
    var now: CalendarDate?

    func run() throws {
      let workspace = try repository.workspace()
      let result: LintResult
      do {
        result = try workspace.lint(from: .staged, depth: .today(now ?? .today))
      } catch WorkspaceError.noRegistry {
        return  // a repository without a registry has nothing to check
      } catch {
        throw CommandFailure(message: error.description)
      }
      let errors = result.diagnostics.filter { $0.severity == .error }
      guard !errors.isEmpty else { return }
      let report = LintReport(diagnostics: errors, filesChecked: result.filesChecked)
      Console.error(TextReporter(color: ColorChoice.auto.enabled).render(report))
      Console.error("leads: the commit was stopped: fix the errors above, stage the fix, and commit again\n")
      withExtendedLifetime(workspace) { Foundation.exit(1) }
    }
  }
}
