// Rules whose findings come from reading a single file. The parser reports them; these types document them.

/// A file under `registry/` that cannot be read as text.
public struct UnreadableFileRule: FileRule {
  public static let description = RuleDescription(
    id: .unreadableFile, severity: .error,
    summary: "A registry file is binary, not UTF-8, too large, or a symlink out of the repository.",
    rationale: """
      Every file under registry/ is read; one that cannot be read would otherwise be skipped without a word, \
      and the ownership it was meant to record would silently disappear.
      """,
    passing: [
      RuleExample(
        "registry/checkout.md",
        "---\nkind: service\nlead: anna@example.com\npaths: [/services/checkout/]\n---\n")
    ],
    failing: [RuleExample("registry/checkout.md", "---\nkind: service\nlead: ↓\u{0}anna\n---\n")]
  )
}

/// A Markdown file without a well-formed front matter block.
public struct FrontMatterRule: FileRule {
  public static let description = RuleDescription(
    id: .frontMatter, severity: .error,
    summary: "A Markdown file under registry/ has no front matter, or it is never closed or empty.",
    rationale: """
      Every *.md file under registry/ other than README.md is an entry. A file without keys would be \
      ignored, and a post without keys has no lead.
      """,
    passing: [
      RuleExample(
        "registry/checkout.md",
        "---\nkind: service\nlead: anna@example.com\npaths: [/services/checkout/]\n---\n# Notes\n"),
      RuleExample("registry/README.md", "# How this registry works\n"),
    ],
    failing: [
      RuleExample("registry/checkout.md", "↓# Checkout\nNo keys here.\n"),
      RuleExample("registry/search.md", "↓---\nkind: service\nlead: anna@example.com\n"),
    ]
  )
}

/// YAML that does not parse, or uses what a registry refuses.
public struct YAMLSyntaxRule: FileRule {
  public static let description = RuleDescription(
    id: .yamlSyntax, severity: .error,
    summary:
      "The front matter is not valid YAML, repeats a key, indents with tabs, or uses anchors and aliases.",
    rationale: """
      A registry must mean the same thing to every reader. Repeated keys silently override each other, tabs are \
      not YAML indentation, and aliases can expand a few lines into gigabytes; all are refused.
      """,
    passing: [
      RuleExample(
        "registry/checkout.md",
        "---\nkind: service\nlead: anna@example.com\npaths: [/services/checkout/]\n---\n")
    ],
    failing: [
      RuleExample(
        "registry/checkout.md",
        "---\nkind: service\nlead: anna@example.com\n↓lead: andy@example.com\npaths: [/services/checkout/]\n---\n"
      ),
      RuleExample(
        "registry/search.md",
        "---\nkind: service\nlead: anna@example.com\npaths:\n↓\t- /services/search/\n---\n"),
      RuleExample(
        "registry/bomb.md", "---\nkind: service\nlead: ↓&a anna@example.com\nbackup: [*a, *a]\n---\n"),
      // What people coming from CODEOWNERS and plain text write: each gets the fix, not the parser's words.
      RuleExample(
        "registry/handle.md", "---\nkind: service\nlead: ↓@anna\npaths: [/services/checkout/]\n---\n"),
      RuleExample(
        "registry/colon.md",
        "---\nkind: service\ntitle: Ledger↓: the money\nlead: anna@example.com\npaths: [/services/checkout/]\n---\n"
      ),
      RuleExample(
        "registry/bracket.md",
        "---\nkind: service\ntitle: [draft] ↓ledger\nlead: anna@example.com\npaths: [/services/checkout/]\n---\n"
      ),
    ]
  )
}

/// Keys with values of the wrong type, missing keys, or values outside their set.
public struct SchemaRule: FileRule {
  public static let description = RuleDescription(
    id: .schema, severity: .error,
    summary:
      "A key has a value of the wrong type or outside its allowed values, or a required key is missing.",
    rationale: """
      The linter, CODEOWNERS and every report read these values; a list where one person is expected, or a \
      service without paths, cannot mean what its author intended.
      """,
    passing: [
      RuleExample(
        "registry/migration.md",
        "---\nkind: initiative\nlead: anna@example.com\nstatus: active\nstarted: 2026-01-05\n---\n")
    ],
    failing: [
      RuleExample(
        "registry/checkout.md", "---\nkind: service\nlead: ↓[anna, andy]\npaths: [/services/checkout/]\n---\n"
      ),
      RuleExample(
        "registry/migration.md", "---\nkind: initiative\nlead: anna@example.com\nstatus: ↓activ\n---\n"),
      RuleExample("registry/search.md", "↓---\nkind: service\nlead: anna@example.com\n---\n"),
    ]
  )
}

/// A key the entry's kind does not have.
public struct UnknownKeyRule: FileRule {
  public static let description = RuleDescription(
    id: .unknownKey, severity: .error,
    summary: "A key is not part of the format for the entry's kind; the message suggests the closest key.",
    rationale:
      "A misspelt key ('backups', 'laed') is otherwise ignored, and the post silently loses its backup.",
    passing: [
      RuleExample(
        "registry/checkout.md",
        "---\nkind: service\nlead: anna@example.com\nbackup: []\npaths: [/services/checkout/]\n---\n")
    ],
    failing: [
      RuleExample(
        "registry/checkout.md",
        "---\nkind: service\nlead: anna@example.com\n↓backups: []\npaths: [/services/checkout/]\n---\n"),
      RuleExample(
        "registry/search.md",
        "---\nkind: service\nlead: anna@example.com\npaths: [/services/search/]\n↓due: 2026-06-01\n---\n"),
    ]
  )
}

/// A date that is not a real calendar day, or an impossible range.
public struct InvalidDateRule: FileRule {
  public static let description = RuleDescription(
    id: .invalidDate, severity: .error,
    summary: "A date is not a real YYYY-MM-DD day, or a range ends before it starts.",
    rationale:
      "Due dates and away periods drive history checks; 2026-02-30 would otherwise be read as some other day.",
    passing: [
      RuleExample(
        "registry/migration.md",
        "---\nkind: initiative\nlead: anna@example.com\nstatus: active\nstarted: 2024-02-29\ndue: 2026-03-01\n---\n"
      )
    ],
    failing: [
      RuleExample(
        "registry/migration.md",
        "---\nkind: initiative\nlead: anna@example.com\nstatus: active\ndue: ↓2026-02-30\n---\n"),
      RuleExample(
        "registry/people/anna.md",
        "---\nkind: person\nemails: [anna@example.com]\naway:\n  from: 2026-05-10\n  until: ↓2026-05-01\n---\n"
      ),
    ]
  )
}

/// A period that is not `N days|weeks|months|years`.
public struct InvalidDurationRule: FileRule {
  public static let description = RuleDescription(
    id: .invalidDuration, severity: .error,
    summary: "A period is not a whole number followed by days, weeks, months or years.",
    rationale: "'18' or '1.5 years' has no single meaning; rotation thresholds must be unambiguous.",
    passing: [
      RuleExample(
        "registry/checkout.md",
        "---\nkind: service\nlead: anna@example.com\npaths: [/services/checkout/]\nrotate_after: 18 months\n---\n"
      )
    ],
    failing: [
      RuleExample(
        "registry/checkout.md",
        "---\nkind: service\nlead: anna@example.com\npaths: [/services/checkout/]\nrotate_after: ↓18\n---\n"),
      RuleExample("registry/leads.yml", "stale_after: ↓3 fortnights\n"),
    ]
  )
}
