/// `leads log`: every run of a lead on each post, oldest first, read from the registry's first-parent history.
public enum LogView {
  public static let version = 1

  struct Document: Encodable {
    let version: Int
    let posts: [Post]
  }

  struct Post: Encodable {
    let id: String
    @ExplicitNull var kind: String?
    let path: String
    /// The day the entry was removed; nil while it exists.
    @ExplicitNull var removed: CalendarDate?
    let runs: [Run]

    enum CodingKeys: String, CodingKey { case id, kind, path, removed, runs }
  }

  struct Run: Encodable {
    let lead: String
    let since: CalendarDate
    let sinceExact: Bool
    /// Whether `since` is the entry's declared `lead_since` (history could not tell).
    let sinceDeclared: Bool
    /// Whether `since` was read from CODEOWNERS' history, before the entry existed.
    let sinceFromCodeowners: Bool
    /// `registry`, `codeowners`, `declared` or `truncated`.
    let sinceSource: String
    @ExplicitNull var until: CalendarDate?
    let days: Int
    let commit: String
    @ExplicitNull var author: String?
    /// Whether the old or the new lead made the handoff; nil for the run that created the entry, or when the
    /// authors could not be read.
    @ExplicitNull var reviewed: Bool?

    /// `2026-03-01`, `≤ 2026-03-01` where history is cut, with `(declared)` for a declared date.
    var sinceText: String {
      (sinceExact ? "" : "≤ ") + since.description
        + (sinceDeclared ? " (declared)" : sinceFromCodeowners ? " (CODEOWNERS)" : "")
    }

    enum CodingKeys: String, CodingKey {
      case lead, since, until, days, commit, author, reviewed
      case sinceExact = "since_exact"
      case sinceDeclared = "since_declared"
      case sinceSource = "since_source"
    }

  }

  /// What `ids` name: a post's id gives that post, a person's id the posts they led at some time. Unknown ids
  /// come back in `unknown`.
  public static func render(
    _ ids: [String], all: Bool, registry: Registry, history: HistoryFacts, json: Bool
  ) -> (output: String, unknown: [String]) {
    let people = registry.people
    let live = Dictionary(registry.posts.map { ($0.id.value, $0) }, uniquingKeysWith: { first, _ in first })
    var chosen: [String] = []
    var unknown: [String] = []
    let known = Set(history.runs.keys).union(live.keys)
    if ids.isEmpty {
      chosen = known.filter { all || live[$0] != nil }.sorted()
    }
    for id in ids {
      if known.contains(id) {
        chosen.append(id)
      } else if registry.entries.contains(where: { $0.kind == .person && $0.id.value == id }) {
        let identity = people.identity(of: id)
        chosen += history.runs.filter { _, runs in
          runs.contains { people.identity(of: $0.lead) == identity }
        }.keys.filter { all || live[$0] != nil }.sorted()
      } else {
        unknown.append(id)
      }
    }
    var seen = Set<String>()
    let posts = chosen.filter { seen.insert($0).inserted }.map { id in
      post(
        id, entry: live[id], runs: history.runs[id] ?? [], tenure: history.tenures[id], registry: registry,
        now: history.now)
    }
    if json { return (encodeJSON(Document(version: version, posts: posts)), unknown) }
    // Everything from the repository (ids, paths, leads, commit authors) is shown with control, invisible
    // and bidirectional characters spelled out, as in every other text output: a terminal never runs them.
    let shown = OwnerReference.visible
    var text = ""
    for post in posts {
      let removed = post.removed.map { " (removed \($0))" } ?? ""
      text += "\(shown(post.id))\(post.kind.map { " \($0)" } ?? "") \(shown(post.path))\(removed)\n"
      for run in post.runs {
        let since = run.sinceText
        let until = run.until?.description ?? "now"
        let by = run.author.map { " by \(shown($0))" } ?? ""
        let review = run.reviewed.map { $0 ? "" : " (handoff not confirmed by either lead)" } ?? ""
        text +=
          "  \(since) – \(until)  \(shown(run.lead))  \(counted(run.days, "day"))  \(run.commit.prefix(10))\(by)\(review)\n"
      }
    }
    return (text, unknown)
  }

  static func post(
    _ id: String, entry: Entry?, runs: [LeadRun], tenure: Tenure?, registry: Registry, now: CalendarDate
  ) -> Post {
    let people = registry.people
    // A post deleted and created again starts a new life: its log begins at the re-creation.
    var life = runs
    if let gap = runs.indices.dropFirst().last(where: { runs[$0 - 1].until != runs[$0].since }) {
      life = Array(runs[gap...])
    }
    let removed = entry == nil ? life.last?.until : nil
    return Post(
      id: id, kind: entry?.kind.rawValue, path: entry?.file ?? life.last?.file ?? "",
      removed: removed,
      runs: life.map { run in
        // The current run of a post whose lead held it before the entry existed starts where `show` says:
        // read back through CODEOWNERS' history, or the declared `lead_since`.
        var since = run.since
        var exact = run.isExact
        var declared = false
        var fromCodeowners = false
        if run.until == nil, entry != nil, let tenure, tenure.entryCreated != nil, tenure.since < since {
          since = tenure.since
          exact = tenure.isExact
          declared = tenure.isDeclared
          fromCodeowners = tenure.isFromCodeowners
        }
        let end = run.until ?? now
        var reviewed: Bool?
        if let previous = run.previousLead, let authors = run.authors, !authors.isEmpty {
          let identities = [people.commitIdentity(of: run.lead), people.commitIdentity(of: previous)]
            .compactMap { $0 }
          reviewed =
            identities.isEmpty ? nil : authors.contains { email in identities.contains { $0.matches(email) } }
        }
        return Run(
          lead: run.lead, since: since, sinceExact: exact, sinceDeclared: declared,
          sinceFromCodeowners: fromCodeowners,
          sinceSource: TenureSource.name(exact: exact, declared: declared, codeowners: fromCodeowners),
          until: run.until, days: max(0, end.daysSinceEpoch - since.daysSinceEpoch),
          commit: run.commit,
          author: run.authors?.first, reviewed: reviewed)
      })
  }
}
