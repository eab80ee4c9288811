/// What `leads init` writes: a config listing every default, and a README on the format.
public enum RegistryTemplate {
  public static let config = """
    # Registry-wide settings for `leads`. Every key is optional; the values below are the defaults.
    version: 1

    # stale-owner: a lead or backup with no commit anywhere in the repository for this long.
    stale_after: 90 days
    # forgotten-lead: no activity of the lead on the post (its paths, its lead file, its trailer) for this long.
    forgotten_after: 60 days
    # unrotated-post: the longest a lead should hold a post; an entry's rotate_after overrides it.
    rotate_after: 365 days
    # leads suggest: find a successor this long before a rotation is due.
    rotation_notice: 60 days
    # silo: the lead authored at least `share` percent of the post's commits within `window`,
    # and the post had at least `min_commits` commits in that window.
    silo:
      window: 90 days
      share: 80
      min_commits: 10
    # overloaded-lead: the most posts one person should lead.
    max_posts: 3
    # Commit authors who are nobody (names or emails); names ending in [bot] always are.
    # bots: [ci-robot]

    codeowners:
      # file: .github/CODEOWNERS   # default: the first of .github/CODEOWNERS, CODEOWNERS, docs/CODEOWNERS
      flavor: github               # github or gitlab
      team_handles: true           # a post's team handle follows its lead and backups
      registry_review: true        # each lead file is owned by its post's lead and backups, so a handoff
                                   # needs the outgoing side's review where the forge requires it

    # coverage:
    #   minimum: 80                       # least share of tracked files with owners, in percent
    #   baseline: registry/coverage-baseline.txt   # unowned files tolerated for now

    # Severity per rule id: error, warning, note or off. `leads rules` lists the ids.
    rules: {}

    """

  public static let readme = """
    # Registry

    Who leads what in this repository, checked by `leads`. Every `*.md` file here other than this README
    is an entry: a service, an initiative, a person or a team, written as Markdown with YAML front
    matter.

    ```markdown
    ---
    kind: service
    title: User Checkout
    lead: anna               # a person id, an email, or an @handle
    backup: [andy]
    paths:
      - /services/checkout/
    ---
    Notes for humans.
    ```

    - `leads new service ID --lead PERSON --path PATTERN` adds a post; `leads new person ID --email EMAIL` a person.
    - Teams live in `teams/`: `members`, `tech_leads`, and who holds each kind of leadership (`direction`,
      `people`, `project`, `technical`); posts name theirs with `team: ID`. `leads new team ID` adds one.
    - A person who takes no lead posts for now says `not_leading: {reason: TEXT, until: DATE}`; one who
      left says `left: DATE` and stays as an alumnus.
    - `leads rotate POST --to PERSON` hands a post over; `leads checkin POST` records that its lead checked in.
    - `leads lint` checks everything; `leads show` lists every post with what history says.

    `leads.yml` holds the registry-wide settings, with every default written out.

    """

  /// A team file for `leads init --team`: every key present, to be filled in.
  public static func team(_ id: String) -> String {
    """
    ---
    kind: team
    title: \(id)
    # handle: '@org/\(id)'   # the forge team; CODEOWNERS lists it after each post's lead and backups
    members: []             # person ids
    tech_leads: []          # members who guide the team's practice and architecture
    # Who holds each kind of leadership: a person id or a list. A kind nobody holds is a gap
    # (unheld-category); one person holding all four is usually a trap (tech-lead-manager).
    leadership: {direction: [], people: [], project: [], technical: []}
    ---
    # \(id)

    What the team owns and how it works.

    """
  }
}
