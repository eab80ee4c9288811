import ArgumentParser
import Foundation
import LeadsCore
import LeadsKit

struct Import: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Write registry entries from what a team already has.",
    discussion: """
      Examples:
        leads import codeowners --dry-run  # what it would write and keep
        leads import codeowners            # write it; then `leads lint`
        leads import owners                # from Kubernetes-style OWNERS files
      """,
    subcommands: [ImportCodeowners.self, ImportOwners.self])
}

struct ImportCodeowners: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "codeowners",
    abstract: "Turn an existing CODEOWNERS into services, people and teams, keeping every reviewer.",
    discussion: """
      One service per distinct owner set (its patterns become the service's paths), its first individual owner \
      as lead and the other owners as backups; a person entry for every individual owner (emails the mailmap \
      joins are one person); a team entry for every `@org/team` owner, named by the posts whose lines name it \
      (`team:`), so that CODEOWNERS lists the team after their lead and backups (with \
      `codeowners.team_handles: false` in the config, team owners stay backups instead). A line that names \
      only teams becomes an open post (`status: seeking-lead`) of its team, which routes to the team as \
      before: nobody is guessed as lead (--propose-leads names, in the summary only, who history suggests). \
      Lines the registry \
      cannot express (no owners, a pattern leads refuses) stay as hand-written lines, and so does any line \
      whose import would change who the forge asks to review some file (the generated block orders lines by \
      pattern shape) or would make two services overlap: the plan is checked against every tracked file \
      before anything is written. CODEOWNERS is rewritten with the kept lines in place and the generated \
      block where the first imported line was.

      Examples:
        leads import codeowners --dry-run
        leads import codeowners .github/CODEOWNERS --now 2026-06-01
      """)

  @OptionGroup var repository: RepositoryOptions

  @Argument(help: "The file to import (default: the CODEOWNERS GitHub reads).")
  var file: String?

  @Flag(help: "Print what would be written, and write nothing.")
  var dryRun = false

  @Flag(help: "Name in the summary (never in the files) who history suggests could lead each open post.")
  var proposeLeads = false

  @Option(help: "How to read the file: github (default) or gitlab.")
  var flavor: CodeownersFlavor = .github

  @Option(
    help: ArgumentHelp("The day the activity window ends (YYYY-MM-DD); default: today.", valueName: "date"))
  var now: CalendarDate?

  func run() throws {
    let workspace = try repository.workspace()
    let today = now ?? .today
    let plan: CodeownersImport
    var input: CodeownersImport.Input
    do {
      var read = try workspace.codeownersImportInput(file: file, flavor: flavor, now: today)
      read.proposeLeads = proposeLeads
      input = read
      plan = CodeownersImport(read)
    } catch {
      throw CommandFailure(message: error.description)
    }
    try Console.out(ImportSummary.text(plan, codeownersPath: input.path))
    if dryRun {
      for (path, text) in plan.files { try Console.out("\n--- \(path)\n\(text)") }
      try Console.out("\n--- \(input.path)\n\(String(decoding: plan.codeowners, as: UTF8.self))")
      return
    }
    guard !plan.services.isEmpty else { return printError("leads: nothing to import; nothing was written") }
    do {
      try workspace.writeAll(
        plan.files.map {
          WorkingTree.PlannedFile(
            path: $0.0, bytes: Array($0.1.utf8), what: "the imported entry", creating: true)
        } + [
          WorkingTree.PlannedFile(
            path: input.path, bytes: plan.codeowners, what: "CODEOWNERS", creating: false)
        ])
    } catch {
      throw CommandFailure(message: error.description)
    }
    printError(
      "leads: wrote \(plan.files.count) registry files and \(input.path); review them, then `leads codeowners --check` and `leads lint`"
    )
  }
}

struct ImportOwners: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "owners",
    abstract: "Turn Kubernetes-style OWNERS files into services and people.",
    discussion: """
      Routes every file to the approvers prow asks for: those of its folder's OWNERS and every OWNERS above \
      (until one with no_parent_owners), with the filters that match it. One service per OWNERS folder, its \
      approvers (inherited ones included) as backups; a lead only where OWNERS names one (a single approver, \
      or a -leads/-chairs alias of one person), otherwise an open post. Aliases from OWNERS_ALIASES expand; an \
      undefined group-shaped name is reported, never made a person; reviewers are kept in the post's body; \
      emeritus approvers become alumni. Then run `leads codeowners --write` to generate CODEOWNERS.

      Examples:
        leads import owners --dry-run
        leads import owners && leads codeowners --write && leads lint
      """)

  @OptionGroup var repository: RepositoryOptions

  @Flag(help: "Print what would be written, and write nothing.")
  var dryRun = false

  func run() throws {
    let workspace = try repository.workspace()
    let plan: OwnersImport
    do {
      plan = try workspace.ownersImport()
    } catch {
      throw CommandFailure(message: error.description)
    }
    try Console.out(ImportSummary.text(plan))
    if dryRun {
      for (path, text) in plan.files { try Console.out("\n--- \(path)\n\(text)") }
      return
    }
    guard !plan.services.isEmpty else { return printError("leads: nothing to import; nothing was written") }
    do {
      try workspace.writeAll(
        plan.files.map {
          WorkingTree.PlannedFile(
            path: $0.0, bytes: Array($0.1.utf8), what: "the imported entry", creating: true)
        })
    } catch {
      throw CommandFailure(message: error.description)
    }
    printError(
      "leads: wrote \(plan.files.count) registry files; review them, then `leads codeowners --write` and `leads lint`"
    )
  }
}
