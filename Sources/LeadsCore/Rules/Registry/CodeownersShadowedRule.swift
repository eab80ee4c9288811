/// A hand-written CODEOWNERS line and a generated one disagree, and the later one silently wins.
public struct CodeownersShadowedRule: RegistryRule {
  static let checkout = (
    "registry/checkout.md", "---\nkind: service\nlead: anna@example.com\npaths: [/services/checkout/]\n---\n"
  )
  static let block = CodeownersGenerator.block(
    [CodeownersRule(pattern: "/services/checkout/", owners: ["anna@example.com"], entry: "checkout")],
    flavor: .github)

  public static let description = RuleDescription(
    id: .codeownersShadowed, severity: .warning,
    summary:
      "A hand-written CODEOWNERS line is overridden by the generated block for some files, or the other way round.",
    rationale: """
      The forge reads the whole file and the last matching line wins. A hand-written line above the generated \
      block loses the files a post claims (a review from `@acme/risk` that was required no longer is); a \
      hand-written line below it takes files away from their post's lead. Either may be intended, but it \
      should never be silent. A catch-all fallback (`*`) is overridden by design and is not reported.
      """,
    passing: [
      RuleExample([checkout, ("CODEOWNERS", "* @octo/everyone\n/docs/ @octo/docs\n\n" + block)]),
      RuleExample([checkout, ("CODEOWNERS", block)]),
    ],
    failing: [
      RuleExample([checkout, ("CODEOWNERS", "↓/services/ @acme/risk\n\n" + block)]),
      RuleExample([
        checkout,
        (
          "CODEOWNERS",
          block.replacingOccurrences(of: "/services/checkout/ anna", with: "↓/services/checkout/ anna")
            + "/services/checkout/*.swift @octo/swift\n"
        ),
      ]),
    ]
  )

  public init() {}

  /// At most this many files are named in a finding.
  static let filesNamed = 3

  public func check(_ registry: Registry) -> [RuleFinding] {
    guard let codeowners = registry.codeowners, codeowners.content != nil else { return [] }
    let view = CodeownersView(registry: registry)
    guard view.hasHandWrittenRules else { return [] }
    // For each pair (the shadowed line, the line that wins), the files it happens on.
    var shadowed: [[Int]: [String]] = [:]
    for path in registry.files.paths {
      let matching = view.routing.matching(path)
      guard matching.count > 1 else { continue }
      var winners: [String: Int] = [:]  // by section
      for position in matching { winners[view.rules[position].section ?? ""] = position }
      for position in matching {
        let winner = winners[view.rules[position].section ?? ""]!
        let rule = view.rules[position]
        guard position != winner, (rule.entry == nil) != (view.rules[winner].entry == nil),
          !(rule.entry == nil && CodeownersShadowedRule.isCatchAll(rule.pattern))
        else { continue }
        shadowed[[position, winner], default: []].append(path)
      }
    }
    return shadowed.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { pair in
      let (lost, won) = (view.rules[pair[0]], view.rules[pair[1]])
      let files = shadowed[pair]!
      let named =
        files.prefix(CodeownersShadowedRule.filesNamed).joined(separator: ", ")
        + (files.count > CodeownersShadowedRule.filesNamed
          ? " and \(files.count - CodeownersShadowedRule.filesNamed) more" : "")
      let advice =
        lost.entry == nil
        ? "move the line below the generated block, or give those files to a post in the registry"
        : "remove or narrow the hand-written line, or move it above the generated block"
      return RuleFinding(
        path: codeowners.path, position: SourcePosition(line: lost.line, column: 1),
        message:
          "\(CodeownersShadowedRule.describe(lost)) is overridden by \(CodeownersShadowedRule.describe(won)) for \(files.count) file\(files.count == 1 ? "" : "s") (\(named)); \(advice)",
        data: FindingData(count: files.count, other: won.entry))
    }
  }

  static func describe(_ rule: CodeownersRule) -> String {
    let text = ([rule.pattern] + rule.owners).joined(separator: " ")
    return rule.entry.map { "generated line \(rule.line) '\(text)' of '\($0)'" }
      ?? "hand-written line \(rule.line) '\(text)'"
  }

  static func isCatchAll(_ pattern: String) -> Bool {
    ["*", "**", "/**"].contains(pattern)
  }
}
