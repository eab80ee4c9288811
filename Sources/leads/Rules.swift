import ArgumentParser
import Foundation
import LeadsCore

struct Rules: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rules",
    abstract: "List the checks, or explain one.",
    discussion: """
      Examples:
        leads rules                 # every rule with its default severity
        leads rules unknown-key     # what it checks, why, and examples
      """
  )

  @Argument(help: "A rule id, to explain that rule.")
  var id: String?

  func validate() throws {
    if let id, RuleID(rawValue: id) == nil {
      let ids = RuleCatalog.all.map(\.id.rawValue)
      let hint = Suggestions.hint(for: id, in: ids)
      throw ValidationError("no rule '\(id)'\(hint.isEmpty ? "; `leads rules` lists them" : hint)")
    }
  }

  func run() throws {
    if let id = id.flatMap(RuleID.init(rawValue:)), let rule = RuleCatalog.description(of: id) {
      try Console.out(RuleDocumentation.explain(rule))
    } else {
      try Console.out(RuleDocumentation.list(RuleCatalog.all))
    }
  }
}
