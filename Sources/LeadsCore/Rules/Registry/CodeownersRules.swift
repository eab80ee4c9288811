/// The CODEOWNERS file says something other than the registry.
public struct CodeownersDriftRule: RegistryRule {
  static let file = "CODEOWNERS"
  static let current = CodeownersGenerator.block(
    [CodeownersRule(pattern: "/services/checkout/", owners: ["anna@example.com"], entry: "checkout")],
    flavor: .github)

  public static let description = RuleDescription(
    id: .codeownersDrift, severity: .error,
    summary:
      "The generated block of CODEOWNERS differs from what the registry says, or cannot be updated safely.",
    rationale: """
      Review routing must follow the registry and never silently rot. Once CODEOWNERS holds the block \
      `leads codeowners --write` made (or the config names the file), every change to a lead, a backup or a \
      path is reported until the file is written again. A hand edit inside the block is named as one (the END \
      line's checksum no longer matches the lines): `leads codeowners --write` would undo it, so it refuses \
      without --force. While a registry file has an error, the drift it causes is not reported: the error is.
      """,
    passing: [
      RuleExample([
        (
          "registry/checkout.md",
          "---\nkind: service\nlead: anna@example.com\npaths: [/services/checkout/]\n---\n"
        ),
        (file, "# Written by people\n* @octo/everyone\n\n" + current),
      ]),
      RuleExample([
        (
          "registry/checkout.md",
          "---\nkind: service\nlead: anna@example.com\npaths: [/services/checkout/]\n---\n"
        ),
        (file, "# A file leads does not manage yet\n* @octo/everyone\n"),
      ]),
    ],
    failing: [
      RuleExample([
        (
          "registry/checkout.md",
          "---\nkind: service\nlead: andy@example.com\npaths: [/services/checkout/]\n---\n"
        ),
        (file, "* @octo/everyone\n\n" + current.replacingOccurrences(of: "/services/", with: "↓/services/")),
      ]),
      RuleExample([
        (
          "registry/checkout.md",
          "---\nkind: service\nlead: anna@example.com\npaths: [/services/checkout/]\n---\n"
        ),
        (file, "↓\(CodeownersGenerator.beginMarker)\n/services/checkout/ anna@example.com\n"),
      ]),
      RuleExample([
        (
          "registry/checkout.md",
          "---\nkind: service\nlead: anna@example.com\npaths: [/services/checkout/]\n---\n"
        ),
        (
          file,
          current.replacingOccurrences(
            of: "/services/checkout/ anna@example.com",
            with: "↓/services/checkout/ anna@example.com @octo/extra")
        ),
      ]),
    ]
  )

  /// What a finding about a block that no longer matches the registry says (as opposed to one about a block
  /// that cannot be updated).
  static let outOfDate = "is out of date with the registry"

  public init() {}

  public func check(_ registry: Registry) -> [RuleFinding] {
    guard let codeowners = registry.codeowners else { return [] }
    let configured = registry.config.codeownersFile != nil
    let rules = CodeownersGenerator.rules(for: registry)
    guard let existing = codeowners.content else {
      guard configured else { return [] }
      return [
        RuleFinding(
          path: codeowners.path, position: .start,
          message: "\(codeowners.path) does not exist yet; run `leads codeowners --write`")
      ]
    }
    guard configured || CodeownersFile.hasMarkers(existing) else {
      return []
    }
    switch CodeownersFile.updated(existing, rules: rules, flavor: registry.config.codeownersFlavor) {
    case .failure(let problem):
      return [
        RuleFinding(
          path: codeowners.path, position: SourcePosition(line: problem.line, column: 1),
          message: problem.message)
      ]
    case .success(let expected)
    where expected != existing && CodeownersFile.withoutChecksum(expected) != existing:
      let line = CodeownersDriftRule.firstDifferentLine(existing, expected)
      if let edited = CodeownersFile.handEdit(existing) {
        return [
          RuleFinding(
            path: codeowners.path, position: SourcePosition(line: max(line, edited.lowerBound), column: 1),
            message: CodeownersDriftRule.handEditMessage(codeowners.path, edited))
        ]
      }
      return [
        RuleFinding(
          path: codeowners.path, position: SourcePosition(line: line, column: 1),
          message:
            "\(codeowners.path) \(CodeownersDriftRule.outOfDate) from this line on; run `leads codeowners --write` (`--check` shows the difference)"
        )
      ]
    default:
      return []
    }
  }

  /// What a hand edit inside the generated block gets, from lint and from the commands that would write over it.
  public static func handEditMessage(_ path: String, _ lines: ClosedRange<Int>) -> String {
    "the generated block of \(path) (lines \(lines.lowerBound)–\(lines.upperBound)) was edited by hand: it no longer matches the checksum on its END line, and `leads codeowners --write` would undo the edit; make the change in the registry (or in a line outside the block), then run `leads codeowners --write --force`"
  }

  static func firstDifferentLine(_ a: [UInt8], _ b: [UInt8]) -> Int {
    var line = 1
    for (x, y) in zip(a, b) {
      if x != y { return line }
      if x == UInt8(ascii: "\n") { line += 1 }
    }
    return line
  }
}

/// The generated CODEOWNERS file nears or passes the size GitHub reads.
public struct CodeownersSizeRule: RegistryRule {
  public static let description = RuleDescription(
    id: .codeownersSize, severity: .warning,
    summary: "CODEOWNERS, with the generated block, is over 80% of the 3 MB GitHub reads.",
    rationale: "GitHub ignores a CODEOWNERS file larger than 3 MB: every review request would silently stop.",
    passing: [
      RuleExample([
        (
          "registry/checkout.md",
          "---\nkind: service\nlead: anna@example.com\npaths: [/services/checkout/]\n---\n"
        ),
        ("CODEOWNERS", "* @octo/everyone\n"),
      ])
    ],
    failing: [
      RuleExample([
        (
          "registry/checkout.md",
          "---\nkind: service\nlead: anna@example.com\npaths: [/services/checkout/]\n---\n"
        ),
        ("CODEOWNERS", "↓# " + String(repeating: "x", count: 2_600_000) + "\n"),
      ])
    ]
  )

  public init() {}

  public func check(_ registry: Registry) -> [RuleFinding] {
    guard let codeowners = registry.codeowners, registry.config.codeownersFlavor == .github else { return [] }
    let rules = CodeownersGenerator.rules(for: registry)
    guard
      case .success(let expected) = CodeownersFile.updated(codeowners.content, rules: rules, flavor: .github)
    else {
      return []
    }
    let limit = CodeownersGenerator.githubSizeLimit
    guard expected.count * 10 > limit * 8 else { return [] }
    let size = SourceText.formatBytes(expected.count)
    let message =
      expected.count > limit
      ? "\(codeowners.path) would be \(size), over the 3 MB GitHub reads: GitHub would ignore it; use broader patterns"
      : "\(codeowners.path) would be \(size), close to the 3 MB GitHub reads; use broader patterns before it stops working"
    return [RuleFinding(path: codeowners.path, position: .start, message: message)]
  }
}
