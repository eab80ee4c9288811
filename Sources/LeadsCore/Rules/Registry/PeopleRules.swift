/// A lead or backup names a person id the registry does not have.
public struct UnknownPersonRule: RegistryRule {
  public static let description = RuleDescription(
    id: .unknownPerson, severity: .error,
    summary:
      "A lead, backup, team member or category holder is a person id with no person file, or a post names no team.",
    rationale: """
      A bare id ('anna') must resolve to a person entry to have emails for history and a handle for CODEOWNERS. \
      Emails and @handles need no person file.
      """,
    passing: [
      RuleExample([
        (
          "registry/checkout.md",
          "---\nkind: service\nlead: anna\nbackup: [andy@example.com, '@octo/checkout']\npaths: [/services/checkout/]\n---\n"
        ),
        ("registry/people/anna.md", "---\nkind: person\nemails: [anna@example.com]\n---\n"),
      ])
    ],
    failing: [
      RuleExample([
        (
          "registry/checkout.md",
          "---\nkind: service\nlead: ↓ana\nbackup: [↓andy]\npaths: [/services/checkout/]\n---\n"
        ),
        ("registry/people/anna.md", "---\nkind: person\nemails: [anna@example.com]\n---\n"),
      ])
    ]
  )

  public init() {}

  public func check(_ registry: Registry) -> [RuleFinding] {
    var findings: [RuleFinding] = []
    for entry in registry.entries {
      let named: [Located<String>]
      switch entry.kind {
      case .service, .initiative: named = [entry.lead].compactMap { $0 } + entry.backup
      case .team:
        named =
          entry.members + entry.techLeads + LeadershipCategory.allCases.flatMap { entry.leadership[$0] ?? [] }
      case .person: named = []
      }
      for owner in named {
        guard case .success(.personID(let id)) = OwnerReference.parse(owner.value),
          registry.people.person(for: .personID(id)) == nil
        else { continue }
        findings.append(
          RuleFinding(
            UnknownPersonRule.message(for: id, known: registry.people.ids),
            in: entry, at: owner.position))
      }
    }
    // A post's team must be a team entry.
    let teams = registry.entries.filter { $0.kind == .team }.map(\.id.value)
    for post in registry.posts {
      guard let team = post.team, !teams.contains(team.value) else { continue }
      findings.append(
        RuleFinding(
          "no team '\(team.value)' in the registry\(Suggestions.hint(for: team.value, in: teams)); add a team file with id '\(team.value)'",
          in: post, at: team.position))
    }
    return findings
  }

  static func message(for id: String, known: [String]) -> String {
    // A name shaped like a group is an OWNERS alias nobody defined, not a person to create.
    if OwnersImport.isGroupShaped(id) {
      return
        "'\(id)' looks like an OWNERS alias, and nothing defines it: it is no person; name the people it stands for, or the team's @org/team handle"
    }
    if let close = Suggestions.closest(to: id, in: known) {
      return "no person '\(id)' in the registry; did you mean '\(close)'?"
    }
    return
      "no person '\(id)' in the registry; add a person file with id '\(id)' (someone who left keeps theirs, with `left: DATE`), or write an email or @handle"
  }
}

/// The lead also appears among the backups.
public struct SelfBackupRule: RegistryRule {
  public static let description = RuleDescription(
    id: .selfBackup, severity: .error,
    summary: "A post's lead is also listed as its backup.",
    rationale:
      "A backup covers when the lead is away; a lead covering for themselves leaves the post uncovered.",
    passing: [
      RuleExample(
        "registry/checkout.md",
        "---\nkind: service\nlead: anna@example.com\nbackup: [andy@example.com]\npaths: [/services/checkout/]\n---\n"
      )
    ],
    failing: [
      RuleExample([
        (
          "registry/checkout.md",
          "---\nkind: service\nlead: anna\nbackup: [andy@example.com, ↓anna@example.com]\npaths: [/services/checkout/]\n---\n"
        ),
        ("registry/people/anna.md", "---\nkind: person\nemails: [anna@example.com]\n---\n"),
      ])
    ]
  )

  public init() {}

  public func check(_ registry: Registry) -> [RuleFinding] {
    var findings: [RuleFinding] = []
    for post in registry.posts {
      guard let lead = post.lead else { continue }
      let leadIdentity = registry.people.identity(of: lead.value)
      for backup in post.backup where registry.people.identity(of: backup.value) == leadIdentity {
        findings.append(
          RuleFinding(
            "'\(backup.value)' is the lead of '\(post.id.value)' and cannot also be its backup; name someone else",
            in: post, at: backup.position))
      }
    }
    return findings
  }
}

/// A list that names the same thing twice.
public struct RepeatedNameRule: RegistryRule {
  public static let description = RuleDescription(
    id: .repeatedName, severity: .warning,
    summary:
      "A list names one person (by any spelling), email or pattern twice: backups, members, tech leads, a leadership category, emails, paths.",
    rationale: """
      A repeat adds nothing and usually hides a slip: a second backup meant to be someone else, a member \
      written twice instead of a new one. People are compared by identity, so an id and that person's email \
      are the same name.
      """,
    passing: [
      RuleExample([
        (
          "registry/teams/widget.md",
          "---\nkind: team\nmembers: [ari, anna]\ntech_leads: [ari]\n---\n"
        ),
        ("registry/people/ari.md", "---\nkind: person\nemails: [ari@example.com]\n---\n"),
        ("registry/people/anna.md", "---\nkind: person\nemails: [anna@example.com]\n---\n"),
      ])
    ],
    failing: [
      RuleExample([
        (
          "registry/teams/widget.md",
          "---\nkind: team\nmembers: [ari, anna, ↓ari@example.com]\ntech_leads: [ari, ↓ari]\n---\n"
        ),
        ("registry/people/ari.md", "---\nkind: person\nemails: [ari@example.com]\n---\n"),
        ("registry/people/anna.md", "---\nkind: person\nemails: [anna@example.com]\n---\n"),
      ])
    ]
  )

  public init() {}

  public func check(_ registry: Registry) -> [RuleFinding] {
    var findings: [RuleFinding] = []
    let people = registry.people
    for entry in registry.entries {
      var lists: [(key: String, items: [Located<String>], same: (String) -> String)] = []
      let person = { (text: String) in people.identity(of: text) }
      switch entry.kind {
      case .service, .initiative:
        lists = [("backup", entry.backup, person), ("paths", entry.paths, { $0 })]
      case .team:
        lists = [("members", entry.members, person), ("tech_leads", entry.techLeads, person)]
        for category in LeadershipCategory.allCases {
          lists.append(("leadership." + category.rawValue, entry.leadership[category] ?? [], person))
        }
      case .person:
        lists = [("emails", entry.emails, { $0.lowercased() })]
      }
      for list in lists {
        var first: [String: Located<String>] = [:]
        for item in list.items {
          let key = list.same(item.value)
          guard let earlier = first[key] else {
            first[key] = item
            continue
          }
          let spelled = earlier.value == item.value ? "" : " (as '\(earlier.value)')"
          findings.append(
            RuleFinding(
              "'\(item.value)' is already in '\(list.key)' of '\(entry.id.value)'\(spelled) on line \(earlier.position.line); remove one",
              in: entry, at: item.position))
        }
      }
    }
    return findings
  }
}

/// An owner string that CODEOWNERS would misread.
public struct InvalidOwnerRule: RegistryRule {
  public static let description = RuleDescription(
    id: .invalidOwner, severity: .error,
    summary:
      "A lead, backup, handle or email is not a valid CODEOWNERS owner (line break, space, '#', malformed).",
    rationale: """
      Owners are copied into CODEOWNERS. A line break or space in an owner would smuggle another rule or owner into \
      the file, and '#' would start a comment; such strings never reach it.
      """,
    passing: [
      RuleExample([
        (
          "registry/checkout.md",
          "---\nkind: service\nlead: anna\nbackup: ['@octo/payments', andy@example.com]\npaths: [/services/checkout/]\n---\n"
        ),
        ("registry/people/anna.md", "---\nkind: person\nemails: [anna@example.com]\nhandle: '@anna'\n---\n"),
      ])
    ],
    failing: [
      RuleExample(
        "registry/checkout.md",
        "---\nkind: service\nlead: ↓\"anna\\n* @mallory\"\npaths: [/services/checkout/]\n---\n"),
      RuleExample(
        "registry/search.md",
        "---\nkind: service\nlead: anna@example.com\nbackup: [↓\"andy #2\"]\npaths: [/services/search/]\n---\n"
      ),
      RuleExample(
        "registry/people/anna.md",
        "---\nkind: person\nemails: [↓anna.example.com]\nhandle: ↓'@anna smith'\n---\n"),
    ]
  )

  public init() {}

  public func check(_ registry: Registry) -> [RuleFinding] {
    var findings: [RuleFinding] = []
    for entry in registry.entries {
      switch entry.kind {
      case .service, .initiative:
        for owner in [entry.lead].compactMap({ $0 }) + entry.backup {
          if case .failure(let error) = OwnerReference.parse(owner.value) {
            findings.append(RuleFinding(error.message, in: entry, at: owner.position))
          }
        }
      case .person:
        for email in entry.emails where !OwnerReference.isEmail(email.value) {
          let text = OwnerReference.visible(email.value)
          findings.append(
            RuleFinding("'\(text)' is not a valid email address", in: entry, at: email.position))
        }
        if let handle = entry.handle {
          let written = handle.value.hasPrefix("@") ? handle.value : "@" + handle.value
          if case .failure(let error) = OwnerReference.parse(written) {
            findings.append(RuleFinding(error.message, in: entry, at: handle.position))
          }
        }
      case .team:
        if let handle = entry.handle {
          if case .failure(let error) = OwnerReference.parse(handle.value) {
            findings.append(RuleFinding(error.message, in: entry, at: handle.position))
          } else if !handle.value.hasPrefix("@") || !handle.value.contains("/") {
            findings.append(
              RuleFinding(
                "team handle '\(OwnerReference.visible(handle.value))' must be a forge team, like '@org/team'",
                in: entry, at: handle.position))
          }
        }
      }
    }
    return findings
  }
}

/// A person entry without any email.
public struct PersonWithoutEmailRule: RegistryRule {
  public static let description = RuleDescription(
    id: .personWithoutEmail, severity: .warning,
    summary: "A person file lists neither an email address nor a forge handle.",
    rationale:
      "Commits are matched to people by email, or by the no-reply addresses their handle links; with neither, history cannot see them at all.",
    passing: [
      RuleExample(
        "registry/people/anna.md", "---\nkind: person\nname: Anna\nemails: [anna@example.com]\n---\n"),
      RuleExample("registry/people/ari.md", "---\nkind: person\nname: Ari\nhandle: '@ari'\n---\n"),
    ],
    failing: [
      RuleExample("registry/people/anna.md", "---\n↓kind: person\nname: Anna\n---\n"),
      RuleExample("registry/people/andy.md", "---\nkind: person\n↓emails: []\n---\n"),
    ]
  )

  public init() {}

  public func check(_ registry: Registry) -> [RuleFinding] {
    registry.entries.filter { $0.kind == .person && $0.emails.isEmpty && $0.handle == nil }.map { person in
      RuleFinding(
        "person '\(person.id.value)' has no email and no handle; add every address they commit with under 'emails'",
        in: person,
        at: person.keyPositions["emails"] ?? person.position(ofKey: "kind"))
    }
  }
}

/// A post nobody leads yet (`status: seeking-lead`).
public struct OpenPostRule: RegistryRule {
  public static let description = RuleDescription(
    id: .openPost, severity: .warning,
    summary: "A post is open: `status: seeking-lead`, nobody leads it yet.",
    rationale: """
      An open post is honest where a guessed lead is not: it routes reviews to its team's handle and its \
      backups until someone takes it. It is reported once, so that it is filled: `leads rotate ID --to \
      PERSON` names the lead and closes it.
      """,
    passing: [
      RuleExample(
        "registry/checkout.md",
        "---\nkind: service\nlead: anna@example.com\npaths: [/services/checkout/]\n---\n")
    ],
    failing: [
      RuleExample(
        "registry/checkout.md",
        "---\nkind: service\nstatus: ↓seeking-lead\nbackup: [andy@example.com]\npaths: [/services/checkout/]\n---\n"
      )
    ]
  )

  public init() {}

  public func check(_ registry: Registry) -> [RuleFinding] {
    registry.posts.filter(\.isOpen).map { post in
      let status = post.serviceStatus?.position ?? post.status?.position ?? post.position(ofKey: "kind")
      let routed =
        post.backup.isEmpty && post.team == nil
        ? "and nobody reviews its files (add its team or backups)" : "its reviews go to its team and backups"
      return RuleFinding(
        "'\(post.id.value)' is open: nobody leads it, \(routed); `leads rotate \(post.id.value) --to PERSON` fills it",
        in: post, at: status, data: FindingData(count: post.backup.count))
    }
  }
}
